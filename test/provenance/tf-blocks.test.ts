// Where Terraform blocks start (src/provenance/tf-blocks.ts): what SARIF locations and provenance use to find
// the block that defines a resource.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { blockLines } from "../../src/provenance/tf-blocks.js";

describe("terraform block lines", () => {
  it("finds resource, data and module headers, and passes over comments, strings and heredocs", () => {
    const text = [
      '\uFEFFresource "aws_s3_bucket" "bom" {', // 1: after a byte-order mark
      "}",
      "locals {",
      "  doc = <<EOT",
      'resource "aws_db_instance" "main" {', // 5: in a heredoc
      "  EOT",
      '  p = "arn:aws:s3:::b/*"', // a `/*` in a string opens no comment
      "}",
      "/*",
      'resource "aws_s3_bucket" "logs" {', // 10: commented out
      "*/",
      "resource aws_db_instance bare {", // 12: labels without quotes
      "}",
      '# resource "aws_s3_bucket" "c" {',
      'resource "aws_s3_bucket" "logs" {', // 15
      "  policy = <<-POLICY",
      '    {"a": "b"}',
      "    POLICY",
      "}",
      'module "db" {', // 20
      '  source = "./db"',
      "}",
      'data "aws_iam_policy_document" "p" {', // 23
      "}",
      'resource "aws_db_instance" "main" {\r', // 25: CRLF
      "}\r",
      'resource "aws_db_instance" "main" {', // 27: a second block of the same key (terraform refuses it)
    ].join("\n");
    assert.deepEqual(Object.fromEntries(blockLines(text)), {
      "resource aws_s3_bucket bom": 1,
      "resource aws_db_instance bare": 12,
      "resource aws_s3_bucket logs": 15,
      "module db": 20,
      "data aws_iam_policy_document p": 23,
      "resource aws_db_instance main": 25,
    });
  });

  it("an unclosed comment, string or heredoc hides the rest, and adversarial text is read in one pass", () => {
    assert.deepEqual([...blockLines('/*\nresource "a" "b" {\n').keys()], []);
    assert.deepEqual([...blockLines('x = <<EOT\nresource "a" "b" {\n').keys()], []);
    assert.deepEqual(Object.fromEntries(blockLines('x = "unclosed\nresource "a" "b" {\n')), {
      "resource a b": 2,
    });
    const mb = 1 << 20;
    for (const text of [
      "/*".repeat(mb / 2),
      '"'.repeat(mb),
      "<<".repeat(mb / 2),
      `<<EOT\n${"x\n".repeat(mb / 2)}`,
      "resource ".repeat(mb / 9),
    ])
      assert.equal(blockLines(text).size, 0);
  });
});
