/** The options `scan` and `check` share: which rules, mapped how. */
export const RULE_OPTIONS = {
  rules: {
    type: 'string',
    multiple: true,
    variadic: true,
    required: true,
    placeholder: 'PATH',
    description: 'rule files, or directories searched for .yml/.yaml rules',
  },
  pipeline: {
    type: 'string',
    multiple: true,
    variadic: true,
    placeholder: 'NAME',
    description: 'field-mapping pipelines from libs/sigma/pipelines (default: all shipped ones)',
  },
  placeholder: {
    type: 'string',
    multiple: true,
    variadic: true,
    placeholder: 'NAME=V1,V2',
    description: "values of a rule placeholder (%NAME%); a rule's placeholders without values only warn",
  },
} as const;
