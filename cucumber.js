// cucumber-js configuration: TypeScript steps run transpile-only (`npm run typecheck` checks types).
module.exports = {
  default: {
    requireModule: ['ts-node/register/transpile-only'],
    require: ['steps/**/*.ts'],
    paths: ['features/**/*.feature'],
    format: ['progress'],
    strict: true,
  },
};
