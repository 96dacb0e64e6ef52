import { type CollectionTag, parse, type ScalarTag } from 'yaml';

// CloudFormation's short forms (`!Ref X`, `!Sub '…'`, `!GetAtt A.B`) as their long forms
// (`{ Ref: X }`, `{ 'Fn::Sub': … }`), so that the rest of the runner sees one shape.
const INTRINSICS: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  ...Object.fromEntries(
    [
      'Sub',
      'GetAtt',
      'Join',
      'Select',
      'Split',
      'If',
      'Equals',
      'Not',
      'And',
      'Or',
      'FindInMap',
      'Base64',
      'ImportValue',
      'GetAZs',
      'Cidr',
    ].map((name) => [name, `Fn::${name}`]),
  ),
};

const customTags: (ScalarTag | CollectionTag)[] = Object.entries(INTRINSICS).flatMap(([short, long]) => [
  { tag: `!${short}`, resolve: (value: string) => ({ [long]: short === 'GetAtt' ? value.split('.') : value }) },
  ...(['seq', 'map'] as const).map((collection) => ({
    tag: `!${short}`,
    collection,
    resolve: (node: { toJSON(): unknown }) => ({ [long]: node.toJSON() }),
  })),
]);

/** Parses a CloudFormation / SAM template written in YAML. */
export function parseCloudFormationYaml(text: string): unknown {
  return parse(text, { customTags });
}
