// Secrets recognized in free text by their form (src/model/secret-forms.ts): each form redacted where it
// stands, and the look-alikes a reviewer needs to see (ports, image digests, IAM actions, ARNs, prose) left
// visible. The end-to-end check that these never reach a report is in digest-redaction.property.test.ts.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { redactSecretForms } from "../../src/model/secret-forms.js";

const S = "(sensitive)";

describe("secrets recognized by their form", () => {
  it("redacts each form where it stands, keeping the text around it", () => {
    const cases: [string, string][] = [
      // URL passwords, also with a raw `/`, `@` or `#`
      ["postgres://app:pa/ss@w%rd@db:5432/app", `postgres://app:${S}@db:5432/app`],
      ["postgres://app:Abc#def1@db:5432/app", `postgres://app:${S}@db:5432/app`],
      ["redis://:r3disPw@cache:6379/0", `redis://:${S}@cache:6379/0`],
      // A token as a URL's user name
      [
        "https://0123456789abcdef0123456789abcdef01234567@github.com/org/repo.git",
        `https://${S}@github.com/org/repo.git`,
      ],
      // A DSN without a scheme (Go's MySQL driver)
      [
        "app:S3cretPw@tcp(db.internal:3306)/app?parseTime=true",
        `app:${S}@tcp(db.internal:3306)/app?parseTime=true`,
      ],
      ["MYSQL=app:S3cretPw@/app", `MYSQL=app:${S}@/app`],
      // Assignments to secret names: shell, flags, YAML, JSON, connection strings, query strings
      ["export DB_PASSWORD=hunter2xyz\necho ok", `export DB_PASSWORD=${S}\necho ok`],
      ["run --db-password=hunter2 --user admin", `run --db-password=${S} --user admin`],
      ["password: 'Sup3r s3cret'\nuser: admin", `password: '${S}'\nuser: admin`],
      ['{"client_secret": "abcd1234", "client_id": "xyz"}', `{"client_secret": "${S}", "client_id": "xyz"}`],
      ["db:\n  - password: hunter2xyz\n", `db:\n  - password: ${S}\n`],
      ["{ user: app, password: hunter2xyz }", `{ user: app, password: ${S} }`],
      ['{"token":12345678}', `{"token":12345678}`.replace("12345678", S)],
      [
        "Server=db;User Id=sa;Password=Pa55w0rd;Encrypt=true",
        `Server=db;User Id=sa;Password=${S};Encrypt=true`,
      ],
      [
        "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=AbC+/dEf==;EndpointSuffix=core.windows.net",
        `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${S};EndpointSuffix=core.windows.net`,
      ],
      [
        "https://acct.blob.core.windows.net/c?sv=2020&sig=AbCdEf%2Bg&se=2030",
        `https://acct.blob.core.windows.net/c?sv=2020&sig=${S}&se=2030`,
      ],
      ["spring.datasource.password=changeit", `spring.datasource.password=${S}`],
      ["STRIPE_KEY=whatever-it-is", `STRIPE_KEY=${S}`],
      ["mysql -u app --password hunter2 -h db", `mysql -u app --password ${S} -h db`],
      // An AWS secret access key beside its key id
      [
        "aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE\naws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        `aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE\naws configure set aws_secret_access_key ${S}`,
      ],
      // Found by review: where a bare value ends, quotes, escapes, and more places a secret is written
      ["DB_PASSWORD=Hunter2,pw rest", `DB_PASSWORD=${S} rest`],
      ['DB_PASSWORD="a\\"b pw4" next', `DB_PASSWORD="${S}" next`],
      [
        "docker run -e 'POSTGRES_PASSWORD=Hunter2 pw' postgres",
        `docker run -e 'POSTGRES_PASSWORD=${S}' postgres`,
      ],
      ["?token=Abc123&next=1", `?token=${S}&next=1`],
      ["{ password: Hunter2, user: app }", `{ password: ${S}, user: app }`],
      ['{\\"api_token\\": \\"Hunter2tok\\"}', `{\\"api_token\\": \\"${S}\\"}`],
      ["//registry.npmjs.org/:_authToken=Hunter2pwTokenValue", `//registry.npmjs.org/:_authToken=${S}`],
      ["registry=https://npm.example/\n_auth=dXNlcjpwYXNz\n", `registry=https://npm.example/\n_auth=${S}\n`],
      ['$env:DB_PASSWORD = "Hunter2pw"', `$env:DB_PASSWORD = "${S}"`],
      ["DB_PASSWORD='$ecretHunter2'", `DB_PASSWORD='${S}'`],
      [
        "users:\n  - name: admin\n    passwd: $6$rounds=4096$abc$Hash\n",
        `users:\n  - name: admin\n    passwd: ${S}\n`,
      ],
      [
        "key: |\n  line1\npassword: |\n  Hunter2pw\n  more\nnext: 1",
        `key: |\n  line1\npassword: |${S}\nnext: 1`,
      ],
      ["Driver={ODBC Driver 18};UID=sa;PWD={Hunter2pw;x};", `Driver={ODBC Driver 18};UID=sa;PWD={${S}};`],
      ["curl -H 'X-API-Key: Hunter2pw' https://x", `curl -H 'X-API-Key: ${S}' https://x`],
      ["env:\n- name: DB_PASSWORD\n  value: Hunter2pw\n", `env:\n- name: DB_PASSWORD\n  value: ${S}\n`],
      ['[{"name":"API_TOKEN","value":"Hunter2pw"}]', `[{"name":"API_TOKEN","value":"${S}"}]`],
      ["<password>Hunter2pw</password>", `<password>${S}</password>`],
      ['<add key="ApiKey" value="Hunter2pw"/>', `<add key="ApiKey" value="${S}"/>`],
      // Commands' short flags
      ["curl -u admin:Hunter2pw https://api", `curl -u admin:${S} https://api`],
      ["mysql -uroot -pHunter2pw -h db app", `mysql -uroot -p${S} -h db app`],
      ["sshpass -p Hunter2pw ssh root@host", `sshpass -p ${S} ssh root@host`],
      ["docker login -u admin -p Hunter2pw reg", `docker login -u admin -p ${S} reg`],
      ["redis-cli -h cache -a Hunter2pw ping", `redis-cli -h cache -a ${S} ping`],
      [
        "az login --service-principal -u app -p Hunter2pw --tenant t",
        `az login --service-principal -u app -p ${S} --tenant t`,
      ],
      ["sqlcmd -S db -U sa -P Hunter2pw -Q x", `sqlcmd -S db -U sa -P ${S} -Q x`],
      ["net user admin Hunter2pw /add", `net user admin ${S} /add`],
      [
        "ConvertTo-SecureString 'Hunter2pw' -AsPlainText -Force",
        `ConvertTo-SecureString '${S}' -AsPlainText -Force`,
      ],
      ["echo 'root:Hunter2pw' | chpasswd", `echo 'root:${S}' | chpasswd`],
      [
        "machine api.example.com login bot password Hunter2pw",
        `machine api.example.com login bot password ${S}`,
      ],
      // Webhooks and keys
      ["https://discord.com/api/webhooks/123/Hunter2pwHunter2pw", `https://discord.com/api/webhooks/${S}`],
      ["-----BEGIN PGP PRIVATE KEY BLOCK-----\nHunter2pw\n-----END PGP PRIVATE KEY BLOCK-----", S],
      ["vault login s.AbCdEfGhIjKlMnOpQrStUvWx", `vault login ${S}`],
      // HTTP credentials
      [
        "curl -H 'Authorization: Bearer abc.def.ghi123' https://x",
        `curl -H 'Authorization: Bearer ${S}' https://x`,
      ],
      ["Authorization: Basic dXNlcjpwYXNz", `Authorization: Basic ${S}`],
      ["wget --header=bearer 0a1b2c3d4e5f6a7b8c9d", `wget --header=bearer ${S}`],
      // Tokens by their prefixes
      ["key AIzaSyA1234567890abcdefghijklmnopqrstu end", `key ${S} end`],
      [
        "//registry.npmjs.org/:_authToken npm_abcdefghijklmnopqrstuvwxyz0123456789",
        `//registry.npmjs.org/:_authToken ${S}`,
      ],
      ["OPENAI sk-proj-abcdefghijklmnopqrstuvwx", `OPENAI ${S}`],
      ["ANTHROPIC sk-ant-api03-abcdefghijklmnopqrstuvwx", `ANTHROPIC ${S}`],
      ["vault hvs.CAESIabcdefghijklmnopqrstuvwxyz", `vault ${S}`],
      ["tfc abcdefghijklmn.atlasv1.abcdefghijklmnopqrstuvwxyz0123", `tfc ${S}`],
      ["do dop_v1_0123456789abcdef0123456789abcdef", `do ${S}`],
      ["sg SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz", `sg ${S}`],
      [
        "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        `jwt ${S}`,
      ],
    ];
    for (const [text, want] of cases) assert.equal(redactSecretForms(text), want, text);
  });

  it("leaves look-alikes visible: ports, paths, image digests, IAM actions, ARNs, identifiers, prose", () => {
    for (const text of [
      "https://host:8443/a@b",
      "https://npm.example/@types/node",
      "https://registry.npmjs.org:443/@scope/pkg",
      "ssh://git@github.com/org/repo",
      "https://deploy@host/x",
      "nginx:1.25@sha256:0123abcd",
      '{"Action":["secretsmanager:GetSecretValue"],"Resource":"*"}',
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf",
      "hash_key: id",
      "token_validity: 3600",
      "password_length = 16",
      "PASSWORD=$DB_PW ./run",
      // A Terraform interpolation written in a script (the $ is a string here, not a placeholder)
      `password: "$\{var.db_password}"`,
      "Bearer authentication required",
      "desk-top risk-level sk-prod-cluster",
      "kms key: arn:aws:kms:us-east-1:1:key/abc",
      "topologyKey: kubernetes.io/hostname",
      "echo ok",
      "the password is not set; rotate the token daily",
      // Found by review: settings and places of secrets, not secrets
      "automountServiceAccountToken: true",
      "export DB_PASSWORD_FILE=/run/secrets/db_password",
      "aws secretsmanager get-secret-value --secret-id prod/db_password",
      "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey",
      "ALLOW_EMPTY_PASSWORD=yes",
      "authorization: NONE",
      "docker run -u 1000:1000 app",
      'description = "Secret: used by the API"',
      "PGPASSWORD=$PGPASS psql",
      // Prose, and code that refers to a value
      "Role/dev/role1: rule grants get on secrets: reads Secrets (tokens, keys)",
      "var r = {\n    ResultToken: event.resultToken\n};",
      // 40 characters of base64 without an access key id beside them, and a git commit beside one
      "etag wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "AKIAIOSFODNN7EXAMPLE at 0123456789abcdef0123456789abcdef01234567",
    ])
      assert.equal(redactSecretForms(text), text, text);
  });

  it("never lets a secret of a known form through, whatever surrounds it", () => {
    // Each secret in ten settings: it must be gone from every one.
    const secrets = [
      ["postgres://app:", "Xq7#secret/9@", "db:5432/x"],
      ["export API_TOKEN=", "tok-Xq7secret9", ""],
      ["", "ghp_Xq7secret9Xq7secret9Xq7secret9abcd", ""],
      ["", "eyJXq7secret9abc.eyJXq7secret9abc.sig", ""],
    ];
    const around = ["", " ", "\n", "x ", "a=b; ", '{"v":"', "#!/bin/sh\n", "'", "(", "\t"];
    for (const [pre, secret, post] of secrets)
      for (const a of around) {
        const out = redactSecretForms(`${a}${pre}${secret}${post}${a.split("").reverse().join("")}`);
        assert.ok(!out.includes(secret.replace(/@$/, "")), `${JSON.stringify(a)}: ${out}`);
      }
  });

  // Adversarial values, each a megabyte: what a scan that restarts at every character of a run would take
  // hours over (a run of letters before `://` took time quadratic in its length before). Not a timing test:
  // linear code finishes in milliseconds, quadratic code does not finish within the timeout.
  it("reads adversarial values of a megabyte in one pass", { timeout: 120_000 }, () => {
    const mb = 1 << 20;
    const shapes = [
      `${"a".repeat(mb)}://b:c@d`,
      "a://b:".repeat(mb / 6),
      "a://b:x@".repeat(mb / 8),
      "=a:b@x".repeat(mb / 6),
      `${"x=".repeat(mb / 2)}password=1`,
      'password="'.repeat(mb / 10),
      `https://${"a1".repeat(mb / 2)}`,
      "eyJaaaaaaaaaa.".repeat(mb / 14),
      "authorization: ".repeat(mb / 15),
      "bearer ".repeat(mb / 7),
      "--password ".repeat(mb / 11),
      `AKIAIOSFODNN7EXAMPLE ${"A1a/".repeat(mb / 4)}`,
      `AKIAIOSFODNN7EXAMPLE ${"A1a/ ".repeat(mb / 5)}`,
      // Found by review: runs of flag-like and key-like words, a base64url run, JWT and SendGrid prefixes
      "-key".repeat(mb / 4),
      "a-".repeat(mb / 2),
      "key".repeat(mb / 3),
      randomBytes((mb * 3) / 4).toString("base64url"),
      "eyJaaaaaaaaa-".repeat(mb / 13),
      "SG.aaaaaaaaaaaaaaaaaaaa-".repeat(mb / 24),
      // Unclosed ODBC braces and quotes opened before a name, XML, name/value pairs, block scalars
      "PWD={".repeat(mb / 5),
      "'PASSWORD=x".repeat(mb / 11),
      "<password>".repeat(mb / 10),
      "- name: DB_PASSWORD\n  value: x\n".repeat(mb / 30),
      "password: |\n".repeat(mb / 12),
    ];
    for (const text of shapes) {
      const out = redactSecretForms(text);
      assert.ok(out.length > 0);
    }
    assert.ok(redactSecretForms(shapes[4]).endsWith("password=(sensitive)"));
  });
});
