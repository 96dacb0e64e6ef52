"""Prints the CloudFormation that SAM makes of a template, offline, as `sam deploy` would have it
transformed: code locations are first replaced with S3 URIs, as `sam package` does.

Usage: python3 infra/scripts/sam-translate.py infra/template.yaml [Name=Value ...]
Parameters given as Name=Value are what `sam deploy --parameter-overrides` would pass; SAM resolves
the ones it reads itself (a function's Tracing, say), the rest stay references.
Needs aws-sam-translator (preinstalled beside cfn-lint). No AWS account or network is used.
"""
import json
import os
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

CODE_PROPERTIES = {"AWS::Serverless::Function": "CodeUri", "AWS::Serverless::LayerVersion": "ContentUri"}


class NoManagedPolicies:
    """The template names no AWS managed policies, so none need looking up in IAM."""

    def load(self):
        return {}


def main(path, overrides):
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(path) as f:
        template = yaml_parse(f.read())
    for logical_id, resource in template.get("Resources", {}).items():
        code_property = CODE_PROPERTIES.get(resource.get("Type"))
        if code_property:
            resource["Properties"][code_property] = f"s3://packaged-artifacts/{logical_id}.zip"
    parameters = dict(override.split("=", 1) for override in overrides)
    print(json.dumps(transform(template, parameters, NoManagedPolicies()), indent=2))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
