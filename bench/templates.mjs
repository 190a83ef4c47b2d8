// CloudFormation template pair benchmark: a generated 2,000-resource YAML template pair with short-form
// intrinsics (!Ref, !GetAtt, !Sub) and ~5% of resources changed (in-place updates, replacements that
// propagate through references, retention policy changes, removals, additions). Reports analysis time
// (read + parse + resource-specification lookup + diff + graph + rules + JSON report) ÷ bare YAML parsing of
// the same two files, both in fresh child processes in the same run; the resource specification's own load
// time is reported separately (it is loaded lazily, only for template pairs). Needs `npm run build`.
// Usage: node bench/templates.mjs [resources]     (default 2000; BENCH_RUNS=3)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runPairBench } from "./manifests.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "bench", "out");

function unit(i, v) {
  const n = `S${String(i).padStart(4, "0")}`;
  const topicName = v.renameTopic ? `topic-${i}-v2` : `topic-${i}`;
  const retain = v.dropRetain ? "" : "    DeletionPolicy: Retain\n    UpdateReplacePolicy: Retain\n";
  return `  ${n}Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: access
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [sqs:SendMessage, dynamodb:GetItem, dynamodb:PutItem]
                Resource: [!GetAtt ${n}Queue.Arn, !GetAtt ${n}Table.Arn]
  ${n}Function:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      MemorySize: ${v.memory}
      Role: !GetAtt ${n}Role.Arn
      Code: {S3Bucket: !Ref ${n}Bucket, S3Key: !Sub "builds/${"$"}{AWS::StackName}/${n}.zip"}
      Environment:
        Variables:
          TABLE: !Ref ${n}Table
          QUEUE_URL: !Ref ${n}Queue
          TOPIC: !Ref ${n}Topic
  ${n}Queue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
      RedrivePolicy: {deadLetterTargetArn: !GetAtt ${n}Dlq.Arn, maxReceiveCount: 5}
  ${n}Dlq:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 1209600
  ${n}Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: ${topicName}
  ${n}Subscription:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref ${n}Topic
      Protocol: sqs
      Endpoint: !GetAtt ${n}Queue.Arn
  ${n}Table:
    Type: AWS::DynamoDB::Table
${retain}    Properties:
      BillingMode: PAY_PER_REQUEST
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
  ${n}Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${"$"}{AWS::StackName}-${n.toLowerCase()}"
      PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}
  ${n}SecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: ${n}
      VpcId: vpc-0a1b2c3d
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}]
  ${n}Alarm:
    Type: AWS::CloudWatch::Alarm
    DependsOn: ${n}Function
    Properties:
      Namespace: AWS/SQS
      MetricName: ApproximateAgeOfOldestMessage
      Dimensions: [{Name: QueueName, Value: !GetAtt ${n}Queue.QueueName}]
      Statistic: Maximum
      Period: 60
      EvaluationPeriods: 5
      Threshold: 600
      ComparisonOperator: GreaterThanThreshold
`;
}

export function generateTemplatePair(resources = 2000) {
  const units = Math.max(1, Math.round(resources / 10));
  const head = 'AWSTemplateFormatVersion: "2010-09-09"\nDescription: generated benchmark stack\nResources:\n';
  let before = head;
  let after = head;
  for (let i = 0; i < units; i++) {
    before += unit(i, { memory: 256 });
    if (i % 97 === 5) continue; // removed
    after += unit(i, {
      memory: i % 20 === 0 ? 512 : 256,
      renameTopic: i % 50 === 7,
      dropRetain: i % 60 === 11,
    });
  }
  for (let i = units; i < units + 2; i++) after += unit(i, { memory: 256 });
  return { before, after, resources: units * 10 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(join(ROOT, "dist", "assess", "analyze.js"))) {
    console.error("bench/templates.mjs: run `npm run build` first (it uses dist/)");
    process.exit(2);
  }
  mkdirSync(OUT, { recursive: true });
  const n = Number(process.argv[2] ?? 2000);
  const pair = generateTemplatePair(n);
  const before = join(OUT, `template-${n}-before.yaml`);
  const after = join(OUT, `template-${n}-after.yaml`);
  writeFileSync(before, pair.before);
  writeFileSync(after, pair.after);
  console.log(`template pair: ${pair.resources} resources before (${before})`);
  const spec = spawnSync(
    process.execPath,
    [
      "-e",
      `import(${JSON.stringify(join(ROOT, "dist/ingest/cloudformation/resource-spec.js"))}).then(async (m) => { const s = await m.loadReplacementSpec(); process.stdout.write(String(Math.round(s.loadMs))); })`,
    ],
    { encoding: "utf8" },
  );
  console.log(`resource specification load (@aws-cdk/aws-service-spec, once per process): ${spec.stdout} ms`);
  runPairBench({
    label: `cloudformation ${pair.resources}-resource template pair`,
    before,
    after,
    runs: Number(process.env.BENCH_RUNS ?? 3),
    cli: true,
  });
}
