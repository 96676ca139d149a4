import reactHooks from 'eslint-plugin-react-hooks'
import root from '../../eslint.config.js'

export default [
  ...root,
  // Rules of Hooks plus the React Compiler checks (purity, immutability, refs during render).
  reactHooks.configs.flat.recommended,
  {
    // The web app lints with zero warnings: a warning nobody fixes is noise that hides the next one.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
]
