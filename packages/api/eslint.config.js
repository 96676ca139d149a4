import shared from '../../eslint.config.js'

// One schema layer (src/schemas): routers validate with it and delegate to services; nothing below the
// routers may reach back up into them (that made an import circle per feature).
const layersBelowRouters = ['services', 'exports', 'ledger', 'jobs', 'backup', 'legacy'].map(
  (folder) => `src/${folder}/**/*.ts`,
)

export default [
  ...shared,
  {
    files: layersBelowRouters,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/routers/*', '**/routers'],
              message:
                'Import input schemas from src/schemas; only routers import services, never the reverse.',
            },
          ],
        },
      ],
    },
  },
  {
    // The schemas are bundled into the web app (@mp/api/schemas): zod, @mp/domain and each other only.
    files: ['src/schemas/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|@mp/domain$|\\./)',
              message:
                'src/schemas imports only zod, @mp/domain and other schema files (it runs in the browser).',
            },
          ],
        },
      ],
    },
  },
]
