// Which attribute, property and environment-variable names mark their value as secret (src/model/values.ts).
// A secret name hides its value everywhere in a report (the value joins the plan's secrets), so a name that
// only holds an identifier must not count: it would hide what a reviewer needs to see.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isSecretName } from "../../src/model/values.js";

describe("secret names", () => {
  it("counts the usual names of passwords, tokens and keys, in attribute and environment-variable style", () => {
    for (const name of [
      "password",
      "master_password",
      "DB_PASSWORD",
      "db_pass",
      "SMTP_PASS",
      "DB_PW",
      "DB_CREDS",
      "registry_cred",
      "BASIC_AUTH",
      "DATABASE_DSN",
      "client_secret",
      "API_TOKEN",
      "bearer",
      "private_key",
      "StripeApiKey",
      "STRIPE_KEY",
      "SENDGRID_API_KEY",
      "access_key",
      "connection_string",
      // camelCase and PascalCase
      "stripeKey",
      "AccountKey",
      "account_key",
      "licenseKey",
      "smtpPass",
      "dbPwd",
      "awsCreds",
      "databaseDsn",
      "sig",
      // Java keystores (keytool's -storepass, -srcstorepass, -keypass)
      "storepass",
      "srcstorepass",
      "keypass",
    ])
      assert.equal(isSecretName(name), true, name);
  });

  it("leaves names of identifiers alone", () => {
    for (const name of [
      "hash_key",
      "range_key",
      "sort_key",
      "kms_key_id",
      "s3_key",
      "HASH_KEY",
      "SORT_KEY",
      "PRIMARY_KEY",
      "PARTITION_KEY",
      "ROUTING_KEY",
      "KMS_KEY",
      "S3_KEY",
      "CACHE_KEY",
      "IDEMPOTENCY_KEY",
      "PUBLIC_KEY",
      "SSH_PUBLIC_KEY",
      "bearer_format",
      "bypass",
      "compass",
      "ssh_authorized_keys",
      "secret_arn",
      "password_length",
      "token_validity_units",
      "http_tokens",
      "key",
      "enable_basic_auth",
      "incredible",
      // How a secret is asked for, not the secret
      "password-stdin",
      "passwordStdin",
      "password_prompt",
      // What checks or carries a secret, where it is kept, and what counts tokens
      "token-audience",
      "api-key-header",
      "secrets-dir",
      "token_url",
      "secret_scopes",
      "print-token",
      "tokenizer",
      "tokenizer_mode",
      "max_tokens",
      "max-new-tokens",
      // camelCase and PascalCase identifiers
      "hashKey",
      "sortKey",
      "PartitionKey",
      "RangeKey",
      "topologyKey",
      "routingKey",
      "S3Key",
      "objectKey",
      "cacheKey",
      "publicKey",
      "SshPublicKey",
      "tagKey",
      "tag1Key",
      "ParameterKey",
      "OutputKey",
      "KeyName",
      "monkey",
      // where a secret is, which one, its kind, and settings about it
      "DB_PASSWORD_FILE",
      "password_path",
      "keyvault_secret_uri",
      "token_endpoint",
      "DB_PASSWORD_SECRET_ARN",
      "SharedAccessKeyName",
      "aws_access_key_id",
      "token_type",
      "api_key_required",
      "AccessTokenValidity",
      "disable_password_authentication",
      "automountServiceAccountToken",
      "automount_service_account_token",
      "ALLOW_EMPTY_PASSWORD",
      "generate_secret",
    ])
      assert.equal(isSecretName(name), false, name);
  });
});
