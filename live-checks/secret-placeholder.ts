/**
 * The text that stands for a secret value wherever one is shown (stack documents read without
 * --show-secrets, redacted findings, drift differences). Its own module because both the stack
 * audit (live-checks/stack/) and the drift comparison (live-checks/drift/) need it, and the stack
 * audit runs the drift comparison: drift taking it from stack/ closed an import cycle (issue 12).
 */

/** Stands for an encrypted secret. Chosen so it can never be mistaken for a real ARN, name or key. */
export const SECRET_PLACEHOLDER = "[secret]";
