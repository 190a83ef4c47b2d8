// Passwords given to commands in scripts (src/model/secret-commands.ts), through redactSecretForms as every
// scrubbed text meets them: each redacted where it stands, the command around it kept, and the look-alikes
// a reviewer needs to see (prompts, references, files, other subcommands) left as written.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { listedCommandSecrets } from "../../src/model/secret-commands.js";
import { redactSecretForms } from "../../src/model/secret-forms.js";
import { SecretScrubber } from "../../src/model/secrets.js";

const S = "(sensitive)";

describe("passwords given to commands", () => {
  it("redacts the password of each command form, keeping the command", () => {
    const cases: [string, string][] = [
      // Short flags
      ["curl -u admin:Hunter2pw https://api", `curl -u admin:${S} https://api`],
      ["mysql -uroot -pHunter2pw -h db app", `mysql -uroot -p${S} -h db app`],
      ["mysql -uroot -p'Hunter2 pw' app", `mysql -uroot -p'${S}' app`],
      ["curl -u 'admin:Hunter2 pw' https://api", `curl -u 'admin:${S}' https://api`],
      [
        "mongo -u admin -p Hunter2pw --authenticationDatabase admin",
        `mongo -u admin -p ${S} --authenticationDatabase admin`,
      ],
      ["mongodump --host db -u bk -p Hunter2pw", `mongodump --host db -u bk -p ${S}`],
      ["rabbitmqctl add_user admin Hunter2pw", `rabbitmqctl add_user admin ${S}`],
      [
        "rabbitmqctl -n rabbit@h change_password admin 'Hunter2pw'",
        `rabbitmqctl -n rabbit@h change_password admin '${S}'`,
      ],
      ["smbclient //srv/share -U bob%Hunter2pw -c ls", `smbclient //srv/share -U bob%${S} -c ls`],
      [
        "openssl pkcs12 -export -passout pass:Hunter2pw -in a.pem",
        `openssl pkcs12 -export -passout pass:${S} -in a.pem`,
      ],
      ["openssl enc -aes-256-cbc -k Hunter2pw -in f", `openssl enc -aes-256-cbc -k ${S} -in f`],
      [
        "keytool -importkeystore -storepass Hunter2pw -keypass Hunter2kp",
        `keytool -importkeystore -storepass ${S} -keypass ${S}`,
      ],
      ["keytool -storepasswd -new Hunter2pw -keystore ks", `keytool -storepasswd -new ${S} -keystore ks`],
      ["ssh-keygen -t ed25519 -N 'my pass phrase' -f k", `ssh-keygen -t ed25519 -N '${S}' -f k`],
      ["useradd -m -p '$6$salt$hash' bob", `useradd -m -p '${S}' bob`],
      ["requirepass Hunter2pw\nmaxmemory 1gb", `requirepass ${S}\nmaxmemory 1gb`],
      ["redis-server --masterauth Hunter2pw", `redis-server --masterauth ${S}`],
      [
        "az keyvault secret set --vault-name kv --name db --value Hunter2pw",
        `az keyvault secret set --vault-name kv --name db --value ${S}`,
      ],
      ["gh secret set DEPLOY_KEY --body 'Hunter2pw'", `gh secret set DEPLOY_KEY --body '${S}'`],
      [
        "aws ssm put-parameter --name /db --type SecureString --value Hunter2pw",
        `aws ssm put-parameter --name /db --type SecureString --value ${S}`,
      ],
      // The last argument
      ["htpasswd -bc /etc/nginx/.htpasswd admin Hunter2pw", `htpasswd -bc /etc/nginx/.htpasswd admin ${S}`],
      ["htpasswd -nbB admin Hunter2pw > /etc/htpasswd", `htpasswd -nbB admin ${S} > /etc/htpasswd`],
      ["htpasswd -B -C 10 -b f admin Hunter2pw 2>/dev/null", `htpasswd -B -C 10 -b f admin ${S} 2>/dev/null`],
      ["useradd -p $(openssl passwd -6 Hunter2pw) bob", `useradd -p $(openssl passwd -6 ${S}) bob`],
      // Settings
      [
        "aws configure set aws_secret_access_key Hunter2pwKey",
        `aws configure set aws_secret_access_key ${S}`,
      ],
      [
        "aws configure set --profile prod aws_session_token Hunter2tok",
        `aws configure set --profile prod aws_session_token ${S}`,
      ],
      [
        "aws configure set default.aws_secret_access_key Hunter2pwKey",
        `aws configure set default.aws_secret_access_key ${S}`,
      ],
      [
        "npm config set //registry.npmjs.org/:_authToken Hunter2tok",
        `npm config set //registry.npmjs.org/:_authToken ${S}`,
      ],
      ["yarn config set npmAuthToken Hunter2tok", `yarn config set npmAuthToken ${S}`],
      // Every literal of a secret, whatever its key
      [
        "kubectl create secret generic app --from-literal=api=Hunter2pw --from-literal dsn=Other3pw",
        `kubectl create secret generic app --from-literal=api=${S} --from-literal dsn=${S}`,
      ],
      ["vault kv put secret/app api=Hunter2pw db=Other3pw", `vault kv put secret/app api=${S} db=${S}`],
      // Standard input
      [
        "echo 'Hunter2pw' | docker login -u ci --password-stdin reg",
        `echo '${S}' | docker login -u ci --password-stdin reg`,
      ],
      ['echo "Hunter2 pw" | sudo -S apt-get update', `echo "${S}" | sudo -S apt-get update`],
      ["printf '%s' 'Hunter2pw' | passwd --stdin bob", `printf '%s' '${S}' | passwd --stdin bob`],
      ["echo -e 'Hunter2pw\\nHunter2pw' | passwd bob", `echo -e '${S}' | passwd bob`],
      [
        "echo -n Hunter2pw | gcloud secrets create db --data-file=-",
        `echo -n ${S} | gcloud secrets create db --data-file=-`,
      ],
      [
        "docker login -u ci --password-stdin reg <<< 'Hunter2pw'",
        `docker login -u ci --password-stdin reg <<< '${S}'`,
      ],
      ["echo 'root:Hunter2pw' | chpasswd", `echo 'root:${S}' | chpasswd`],
      // cloud-init
      [
        "#cloud-config\nchpasswd:\n  list: |\n    root:Hunter2pw\n    ubuntu:Other3pw\n  expire: False\nruncmd: []",
        `#cloud-config\nchpasswd:\n  list: |\n    root:${S}\n    ubuntu:${S}\n  expire: False\nruncmd: []`,
      ],
      ["chpasswd:\n  list:\n    - root:Hunter2pw\n", `chpasswd:\n  list:\n    - root:${S}\n`],
      // Oracle
      [
        "jdbc:oracle:thin:scott/Hunter2pw@db.example.com:1521/ORCL",
        `jdbc:oracle:thin:scott/${S}@db.example.com:1521/ORCL`,
      ],
      ["sqlplus -s scott/Hunter2pw@ORCL @run.sql", `sqlplus -s scott/${S}@ORCL @run.sql`],
      ["expdp system/Hunter2pw directory=d", `expdp system/${S} directory=d`],
      ["rman target sys/Hunter2pw@prod", `rman target sys/${S}@prod`],
      ["WHENEVER SQLERROR EXIT\nCONNECT app/Hunter2pw@db\n", `WHENEVER SQLERROR EXIT\nCONNECT app/${S}@db\n`],
      // SQL
      ["CREATE USER 'app'@'%' IDENTIFIED BY 'Hunter2pw';", `CREATE USER 'app'@'%' IDENTIFIED BY '${S}';`],
      ["ALTER USER app IDENTIFIED BY Hunter2pw;", `ALTER USER app IDENTIFIED BY ${S};`],
      [
        "CREATE USER a IDENTIFIED WITH mysql_native_password BY 'it''s Hunter2';",
        `CREATE USER a IDENTIFIED WITH mysql_native_password BY '${S}';`,
      ],
      [
        "CREATE ROLE app WITH LOGIN ENCRYPTED PASSWORD 'Hunter2pw';",
        `CREATE ROLE app WITH LOGIN ENCRYPTED PASSWORD '${S}';`,
      ],
      [
        "SET PASSWORD FOR 'app'@'%' = PASSWORD('Hunter2pw');",
        `SET PASSWORD FOR 'app'@'%' = PASSWORD('${S}');`,
      ],
      // Registry credentials and cookies
      [
        '{"auths":{"registry.example.com":{"auth":"Ym9iOkh1bnRlcjJwdw=="}}}',
        `{"auths":{"registry.example.com":{"auth":"${S}"}}}`,
      ],
      [
        "curl -H 'Cookie: session=Hunter2pw; theme=dark' https://x",
        `curl -H 'Cookie: session=${S}; theme=${S}' https://x`,
      ],
      ["Set-Cookie: sid=Hunter2pw; Path=/; HttpOnly", `Set-Cookie: sid=${S}; Path=/; HttpOnly`],
      ["curl -b 'sid=Hunter2pw' https://x", `curl -b 'sid=${S}' https://x`],
      // Found by review: scripts inside JSON, continued lines, quoting, more spellings of the same forms
      [
        '{"user_data":"#!/bin/bash\\nmysql -uroot -pHunter2pw\\nexit 0"}',
        `{"user_data":"#!/bin/bash\\nmysql -uroot -p${S}\\nexit 0"}`,
      ],
      [
        '["sh","-c","docker login -u ci -p \\"Hunter2pw\\" reg"]',
        `["sh","-c","docker login -u ci -p \\"${S}\\" reg"]`,
      ],
      [
        "docker login \\\n  -u ci \\\n  -p Hunter2pw \\\n  reg",
        `docker login \\\n  -u ci \\\n  -p ${S} \\\n  reg`,
      ],
      ["keytool -storepasswd \\\n  -new Hunter2pw", `keytool -storepasswd \\\n  -new ${S}`],
      [
        "echo 'Hunter2&pw' | docker login -u ci --password-stdin",
        `echo '${S}' | docker login -u ci --password-stdin`,
      ],
      ["vault kv put secret/app api='Hun>ter2pw' db=Other3pw", `vault kv put secret/app api='${S}' db=${S}`],
      [
        "docker login -u ci --password-stdin r <<< 'Hunter2 pw'",
        `docker login -u ci --password-stdin r <<< '${S}'`,
      ],
      ["CREATE LOGIN app WITH PASSWORD = N'Hunter2pw';", `CREATE LOGIN app WITH PASSWORD = N'${S}';`],
      ["ssh-keygen -p -P Old1pw -N Hunter2pw -f k", `ssh-keygen -p -P ${S} -N ${S} -f k`],
      ['echo "$USER:Hunter2 pw" | /usr/sbin/chpasswd', `echo "$USER:${S}" | /usr/sbin/chpasswd`],
      ["chpasswd <<< 'root:Hunter2pw'", `chpasswd <<< 'root:${S}'`],
      // Here-documents, also piped, and pipes through filters
      [
        "cat <<EOF | chpasswd\nroot:Hunter2pw\nbob:Other2pw\nEOF\necho done",
        `cat <<EOF | chpasswd\nroot:${S}\nbob:${S}\nEOF\necho done`,
      ],
      ["chpasswd <<'END'\n  root:Hunter2pw\nEND\nrm -f x", `chpasswd <<'END'\n  root:${S}\nEND\nrm -f x`],
      ["passwd bob <<EOF\nHunter2pw\nHunter2pw\nEOF\n", `passwd bob <<EOF\n${S}\n${S}\nEOF\n`],
      [
        "\tsudo -S make install <<-EOF\n\tHunter2pw\n\tEOF\nls",
        `\tsudo -S make install <<-EOF\n\t${S}\n\tEOF\nls`,
      ],
      [
        "echo Hunter2pw | tr -d '\\n' | docker login -u ci --password-stdin reg",
        `echo ${S} | tr -d '\\n' | docker login -u ci --password-stdin reg`,
      ],
      ["echo SHVudGVyMnB3 | base64 -d | sudo -S true", `echo ${S} | base64 -d | sudo -S true`],
      // Found by review: delimiters written \\EOF, of other characters; a pipe continued on the next line,
      // after a redirection, |&, a filter run through sudo; a Redis password with a slash
      ["chpasswd <<\\EOF\nroot:Hunter2pw\nEOF", `chpasswd <<\\EOF\nroot:${S}\nEOF`],
      ["chpasswd <<'@@'\nroot:Hunter2pw\n@@", `chpasswd <<'@@'\nroot:${S}\n@@`],
      ["chpasswd <<1EOF\nroot:Hunter2pw\n1EOF", `chpasswd <<1EOF\nroot:${S}\n1EOF`],
      [
        "echo Hunter2pw |\n  docker login --password-stdin r",
        `echo ${S} |\n  docker login --password-stdin r`,
      ],
      [
        'echo "Hunter2pw" 2>/dev/null | docker login --password-stdin r',
        `echo "${S}" 2>/dev/null | docker login --password-stdin r`,
      ],
      ["echo Hunter2pw |& docker login --password-stdin r", `echo ${S} |& docker login --password-stdin r`],
      [
        "echo Hunter2pw | sudo tee /dev/null | docker login --password-stdin r",
        `echo ${S} | sudo tee /dev/null | docker login --password-stdin r`,
      ],
      ["redis-server --requirepass Xy9/kLm+Qr8sT2==", `redis-server --requirepass ${S}`],
      [
        '{"user_data":"cat <<EOF | chpasswd\\nroot:Hunter2pw\\nEOF\\n"}',
        `{"user_data":"cat <<EOF | chpasswd\\nroot:${S}\\nEOF\\n"}`,
      ],
      ["chpasswd:\n  list: |\n    root:Hunter2 pw\n", `chpasswd:\n  list: |\n    root:${S}\n`],
      ['sqlplus -S scott/"Hunter2pw"@ORCL', `sqlplus -S scott/"${S}"@ORCL`],
      ["impdp userid=system/Hunter2pw directory=d", `impdp userid=system/${S} directory=d`],
      ["rman target / catalog rman/Hunter2pw@cat", `rman target / catalog rman/${S}@cat`],
      ["CREATE USER app IDENTIFIED BY VALUES 'S:8F2D65FB';", `CREATE USER app IDENTIFIED BY VALUES '${S}';`],
      ["CREATE USER 'app'@'%' IDENTIFIED BY\n'Hunter2pw';", `CREATE USER 'app'@'%' IDENTIFIED BY\n'${S}';`],
      ["CREATE USER a IDENTIFIED BY 'Hun\\'ter2pw';", `CREATE USER a IDENTIFIED BY '${S}';`],
      ["curl -uadmin:Hunter2pw https://api", `curl -uadmin:${S} https://api`],
      ["curl -u admin:123456 https://api", `curl -u admin:${S} https://api`],
      ["git config --global credential.password Hunter2pw", `git config --global credential.password ${S}`],
      [
        "aws configure --profile prod set aws_secret_access_key Hunter2pw",
        `aws configure --profile prod set aws_secret_access_key ${S}`,
      ],
      ["machine h\nlogin u\npassword Hunter2pw", `machine h\nlogin u\npassword ${S}`],
      ["docker login -u ci -pHunter2pw reg", `docker login -u ci -p${S} reg`],
      ["echo Hunter2pw | sudo -kS ls", `echo ${S} | sudo -kS ls`],
      ["NET USER admin Hunter2pw /ADD", `NET USER admin ${S} /ADD`],
      [
        "ConvertTo-SecureString -AsPlainText Hunter2pw -Force",
        `ConvertTo-SecureString -AsPlainText ${S} -Force`,
      ],
      ["openssl enc -pass pass:'Hunter2 pw' -in f", `openssl enc -pass pass:'${S}' -in f`],
      ["cd /tmp; mysql -uroot -pHunter2pw; echo ok", `cd /tmp; mysql -uroot -p${S}; echo ok`],
      // Found by a second review: commands inside quotes and JSON strings, CRLF, escaped spaces
      [
        '{"cmd":"echo Hunter2pw | docker login -u x --password-stdin"}',
        `{"cmd":"echo ${S} | docker login -u x --password-stdin"}`,
      ],
      ['sh -c "echo root:Hunter2pw | chpasswd"', `sh -c "echo root:${S} | chpasswd"`],
      [`["sh","-c","echo 'root:Hunter2pw' | chpasswd"]`, `["sh","-c","echo 'root:${S}' | chpasswd"]`],
      ['{"cmd":"passwd --stdin bob <<< Hunter2pw"}', `{"cmd":"passwd --stdin bob <<< ${S}"}`],
      [
        "echo Hunter2pw | docker login -u bob --password-stdin\r\n",
        `echo ${S} | docker login -u bob --password-stdin\r\n`,
      ],
      ["mysql -uroot -p'Hunter2pw'\r\nls\r\n", `mysql -uroot -p'${S}'\r\nls\r\n`],
      ['{"c":"mysql -uroot -pHunter2pw\\r\\nls\\r\\n"}', `{"c":"mysql -uroot -p${S}\\r\\nls\\r\\n"}`],
      ["mysql -uroot -pHunter2\\ pw db", `mysql -uroot -p${S} db`],
      ["mysql -uroot -pHun\\\nter2 db", `mysql -uroot -p${S} db`],
      ["sh -c 'htpasswd -nb admin Hunter2pw'", `sh -c 'htpasswd -nb admin ${S}'`],
      ["curl -su admin:Hunter2pw https://x", `curl -su admin:${S} https://x`],
      ["echo 'root:Hunter2pw' | sudo -u root chpasswd", `echo 'root:${S}' | sudo -u root chpasswd`],
      ["echo Hunter2pw | openssl passwd -6 -stdin", `echo ${S} | openssl passwd -6 -stdin`],
      ["connect system/Hunter2pw as sysdba", `connect system/${S} as sysdba`],
      // Exec-form arrays: a Dockerfile's CMD, an ECS container's command (JSON)
      ['["mysql","-uroot","-pHunter2pw"]', `["mysql","-uroot","-p${S}"]`],
      [
        'CMD ["docker", "login", "-u", "ci", "-p", "Hunter2pw"]',
        `CMD ["docker", "login", "-u", "ci", "-p", "${S}"]`,
      ],
      [
        'command: ["redis-server", "--requirepass", "Hunter2pw"]',
        `command: ["redis-server", "--requirepass", "${S}"]`,
      ],
      ['["curl","-u","admin:Hunter2pw","https://x"]', `["curl","-u","admin:${S}","https://x"]`],
      [
        '[{"name":"app","command":["sh","-c","echo Hunter2pw | docker login --password-stdin"],"image":"x"}]',
        `[{"name":"app","command":["sh","-c","echo ${S} | docker login --password-stdin"],"image":"x"}]`,
      ],
    ];
    for (const [text, want] of cases) assert.equal(redactSecretForms(text), want, text);
  });

  it("leaves prompts, references, files and other subcommands as written", () => {
    for (const text of [
      "cat <<EOF > /etc/app.conf\nport: 80\nEOF",
      "cat <<EOF | sort\nroot:x1234\nEOF",
      "echo hello | tr a-z A-Z | wc -l",
      "cat <<EOF | chpasswd\nroot:$ROOT_PW\nEOF",
      "echo hello | tr a b | grep x | passwd",
      "mysql -u root -p app_db",
      "docker login -u ci -p --help",
      "mongo --port 27017 -u admin -p",
      "echo $PW | docker login -u ci --password-stdin reg",
      `echo "$\{DOCKER_PASSWORD}" | docker login -u ci --password-stdin reg`,
      "echo 'starting' && passwd -l root",
      "echo 'done' | tee /var/log/x",
      "echo hello | sudo tee /etc/motd",
      "sshpass -p $SSHPASS ssh host",
      "kubectl config set-context prod --namespace=app",
      "htpasswd -c /etc/nginx/.htpasswd admin",
      "openssl passwd -stdin < pw.txt",
      "openssl req -new -key key.pem -passin env:KEY_PW",
      "ssh-keygen -t ed25519 -N '' -f /root/.ssh/id",
      'useradd -m -p "$HASH" bob',
      "aws configure set region us-east-1",
      "aws configure set --profile prod aws_access_key_id AKIAIOSFODNN7EXAMPLE",
      "npm config set registry https://npm.example/",
      "kubectl create secret generic db --from-file=./password.txt",
      "vault kv get secret/app",
      "sqlplus / as sysdba",
      "jdbc:oracle:thin:@//db:1521/ORCL",
      "Connect via ssh/tunnel first",
      "connect to the database via ssh",
      "GRANT SELECT ON app.* TO 'reader'@'%';",
      "ALTER USER app WITH PASSWORD NULL;",
      "the password policy requires 12 characters",
      "chpasswd:\n  expire: false\nusers:\n  - default",
      "curl -b cookies.txt https://x",
      "curl --cookie-jar jar.txt https://x",
      "git checkout -b feature",
      "rabbitmqctl list_users",
      "aws ssm put-parameter --name /app/x --type String --overwrite",
      "redis-cli -u redis://cache:6379 ping",
      "sudo -S true",
      // Found by review: users and groups, prose, other commands that read standard input
      "docker run -u app:app image",
      "docker run --user www-data:www-data nginx",
      "kubectl exec -u root:root pod",
      'description = "Role identified by name"',
      "The principal identified by arn:aws:iam::1:role/x is allowed",
      "echo 'hello' | git hash-object --stdin -w",
      "echo 'app:x:1000:1000::/home/app:/bin/sh' | tee -a /etc/passwd",
      "echo app | grep -v passwd",
      "Do not use htpasswd -b in scripts; prefer -i",
      "Install openssl passwd support package",
      "The rabbitmqctl add_user command creates a user",
      "kubectl config set-credentials deployer --token=$TOKEN",
      "connect timeout/retry settings",
      '["docker","run","-p","8080:80","-u","app:app","nginx"]',
      '{"Name":"app","Env":"prod","Tier":"web"}',
    ])
      assert.equal(redactSecretForms(text), text, text);
  });

  // Each a megabyte: a form that looked through a command's arguments again from each of its words, or back
  // to the start of the text from each `<<<`, would not finish within the timeout (a `<<<` run took two
  // minutes before its look-back was bounded). Linear code takes milliseconds to a second.
  it("reads adversarial values of a megabyte in one pass", { timeout: 120_000 }, () => {
    const mb = 1 << 20;
    for (const text of [
      "echo ".repeat(mb / 5),
      "echo a | passwd ".repeat(mb / 16),
      "<<<".repeat(mb / 3),
      "--stdin <<< x ".repeat(mb / 14),
      "htpasswd -b ".repeat(mb / 12),
      "config set password ".repeat(mb / 20),
      "create secret --from-literal=a=b ".repeat(mb / 33),
      "chpasswd:\n".repeat(mb / 10),
      `chpasswd:\n${"  a:b\n".repeat(mb / 6)}`,
      `cookie: ${"a=b;".repeat(mb / 4)}`,
      `"auths" ${'"auth":"'.repeat(mb / 8)}`,
      "rabbitmqctl ".repeat(mb / 12),
      "identified by ".repeat(mb / 14),
      `password '${"'".repeat(mb)}`,
      "sqlplus a/".repeat(mb / 10),
      `ssh-keygen -N '${"a".repeat(mb)}`,
      // Found by review: blanks after `password` (two `[ \t]*` around an optional `=` split them in
      // quadratically many ways), escapes and continued lines
      `password${" ".repeat(mb)}x`,
      `PASSWORD FOR x${" ".repeat(mb)}`,
      'mysql \\"'.repeat(mb / 8),
      "mysql -p\\\\\\n".repeat(mb / 11),
      'echo \\"a\\" | passwd\\n'.repeat(mb / 22),
      "docker login -p $(".repeat(mb / 18),
      '","'.repeat(mb / 3),
      `"${" ".repeat(mb)},`,
      '"docker","login","-p",'.repeat(mb / 22),
      // Here-documents and pipes through filters
      "chpasswd <<E ".repeat(mb / 13),
      `chpasswd <<E\n${"a:b\n".repeat(mb / 4)}`,
      "cat <<E | chpasswd\n".repeat(mb / 19),
      "<<-E".repeat(mb / 4),
      "echo a | tr a b | tr a b | tr a b | tr a b ".repeat(mb / 42),
      "echo a | tr | ".repeat(mb / 14),
    ])
      assert.ok(redactSecretForms(text).length > 0);
  });
});

describe("passwords given to a command written as a list of arguments", () => {
  /** Each element holding a password → how it is shown. */
  const shown = (list: string[]) =>
    Object.fromEntries(listedCommandSecrets(list).map((l) => [l.element, l.shown]));

  it("finds the element of each form, shown with its password replaced", () => {
    const cases: [string[], Record<string, string>][] = [
      [["redis-server", "--requirepass", "Hunter2pw"], { Hunter2pw: S }],
      // A password from `openssl rand -base64` often holds a `/`
      [["redis-server", "--requirepass", "Xy9/kLm+Qr8sT2=="], { "Xy9/kLm+Qr8sT2==": S }],
      [["redis-server", "--port", "6380", "--masterauth", "Hunter2pw"], { Hunter2pw: S }],
      [["redis-server", "--requirepass", '"Hunter2pw"'], { '"Hunter2pw"': S }],
      [["--auth-token", "tok-123456", "--verbose"], { "tok-123456": S }],
      [["mysql", "-uroot", "-pHunter2pw", "-e", "select 1"], { "-pHunter2pw": `-p${S}` }],
      [["mysql", "-proot"], { "-proot": `-p${S}` }],
      [["sshpass", "-p", "my secret pw", "ssh", "host"], { "my secret pw": S }],
      [["htpasswd", "-b", "/etc/nginx/.htpasswd", "admin", "Hunter2pw"], { Hunter2pw: S }],
      [["curl", "-u", "bob:Hunter2pw", "https://x"], { "bob:Hunter2pw": `bob:${S}` }],
      [
        ["kubectl", "create", "secret", "generic", "s", "--from-literal=pw=Hunter2pw"],
        { "--from-literal=pw=Hunter2pw": `--from-literal=pw=${S}` },
      ],
      [["docker", "login", "-u", "ci", "-p", 'it\'s "x" y', "reg"], { 'it\'s "x" y': S }],
      [["/opt/mssql-tools/bin/sqlcmd", "-S", "db", "-U", "sa", "-P", "Hunter2;pw"], { "Hunter2;pw": S }],
      [["sqlplus", "-s", "app/Hunter2pw@ORCL"], { "app/Hunter2pw@ORCL": `app/${S}@ORCL` }],
    ];
    for (const [list, expected] of cases) assert.deepEqual(shown(list), expected, JSON.stringify(list));
  });

  it("leaves references, prompts, flags, names about a secret and plain lists alone", () => {
    for (const list of [
      ["redis-server", "--requirepass", "$(REDIS_PASSWORD)"],
      ["redis-server", "--requirepass", `$\{REDIS_PASSWORD}`],
      // An empty (templated) password: the next flag is not it
      ["redis-server", "--requirepass", "", "--port", "6379"],
      ["redis-server", "--masterauth", "--replicaof", "primary 6379"],
      ["--auth-token", "--verbose"],
      ["--password-file", "/run/secrets/pw"],
      ["mysql", "-uroot", "-p", "-h", "db"],
      ["sh", "-c", "echo hi"],
      ["10.0.0.0/8", "0.0.0.0/0"],
      ["s3:GetObject", "s3:PutObject"],
      ["docker", "run", "-u", "app:app", "img"],
      // Flags named after a token without being one (vLLM, OIDC, key headers, folders)
      ["--model", "meta-llama/Llama-3-8B", "--tokenizer", "meta-llama/Llama-3-8B"],
      ["--token-audience", "sts.amazonaws.com", "--print-token", "status"],
      ["--secrets-dir", "/run/secrets", "--api-key-header", "X-Api-Key", "--max-tokens", "512"],
      [],
      ["only"],
    ])
      assert.deepEqual(shown(list), {}, JSON.stringify(list));
  });

  it("the change set's scrubber replaces such an element where it stands, never inside other texts", () => {
    const elements = new Map(
      listedCommandSecrets([
        "kubectl",
        "create",
        "secret",
        "generic",
        "c",
        "--from-literal=region=us-east-1",
      ]).map((l) => [l.element, l.shown]),
    );
    elements.set("Hunter2pw", S);
    const scrubber = new SecretScrubber([], elements);
    assert.equal(scrubber.scrub("Hunter2pw"), S);
    assert.equal(scrubber.scrub("--from-literal=region=us-east-1"), `--from-literal=region=${S}`);
    // The same word elsewhere is an ordinary value
    assert.equal(scrubber.scrub("us-east-1"), "us-east-1");
    assert.equal(
      scrubber.scrub("arn:aws:rds:us-east-1:123456789012:db:app"),
      "arn:aws:rds:us-east-1:123456789012:db:app",
    );
  });

  it("is linear in the list: 100,000 arguments of flags and values (a quadratic walk would take minutes)", () => {
    const list: string[] = [];
    for (let i = 0; i < 25_000; i++) list.push("--requirepass", `pw-${i}-value`, "-p", "x y");
    const found = shown(list);
    assert.equal(found["pw-24999-value"], S);
  });
});
