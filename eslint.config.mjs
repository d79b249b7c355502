// Lint enforces the architecture (../shared/STYLE.md habit 10): strict types, no floating
// promises, exhaustive switches, and libs imported only through their entry point.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const KAFKAJS = { name: 'kafkajs', message: 'kafkajs belongs in libs/messaging only (STYLE.md).' };
const ELASTICSEARCH = {
  name: '@elastic/elasticsearch',
  message: 'The Elasticsearch client belongs in libs/search or an infrastructure/ adapter (STYLE.md).',
};
const IOREDIS = {
  name: 'ioredis',
  message: 'ioredis belongs in a lib or an infrastructure/ adapter (STYLE.md).',
};

/** Where a vendor SDK or a layer may not be imported from (type-only imports included). */
function placement(files, paths, patterns = []) {
  return [
    {
      files,
      rules: {
        '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
      },
    },
  ];
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vigil/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Nest types its option bags as classes but expects plain objects (NestFactory.create …).
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@vigil/*/*'], message: 'Import a lib only through its entry point (@vigil/<lib>).' },
            {
              regex: '^(\\.\\./)+libs/',
              message: 'Import a lib through @vigil/<lib>, never by path.',
            },
          ],
        },
      ],
    },
  },
  // Rooms (../shared/STYLE.md): each vendor SDK behind its one place, domain code free of the
  // layers around it. The last block matching a file decides, so each lists all it forbids.
  ...placement(['**/*.ts'], [KAFKAJS, ELASTICSEARCH, IOREDIS]),
  ...placement(['libs/**/*.ts'], [KAFKAJS, ELASTICSEARCH]),
  ...placement(['libs/search/**/*.ts'], [KAFKAJS]),
  ...placement(['libs/messaging/**/*.ts'], [ELASTICSEARCH]),
  ...placement(['**/infrastructure/**/*.ts'], [KAFKAJS]),
  ...placement(
    ['**/domain/**/*.ts'],
    [KAFKAJS, ELASTICSEARCH, IOREDIS],
    [
      {
        group: ['**/application', '**/application/**', '**/infrastructure', '**/infrastructure/**'],
        message: 'Domain code imports nothing from application/ or infrastructure/ (STYLE.md).',
      },
      { group: ['**/interface', '**/interface/**'], message: 'Domain code imports nothing from interface/.' },
    ],
  ),
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
