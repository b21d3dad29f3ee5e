declare module 'json-merge-patch/lib/apply' {
  /** RFC 7396: applies `patch` to `target` (mutating it) and returns the result. */
  export default function apply(target: unknown, patch: unknown): unknown;
}
