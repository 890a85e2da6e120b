// Lint: typescript-eslint's recommended rules; type checking itself is `tsc --noEmit` (strict).
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "kinesis-audit/**", "**/*.js", "!bin/**", "dist/**", "policy-pack/dist/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
