/** The slice of addons-linter's programmatic API Trove uses (the package ships no types). */
declare module 'addons-linter' {
  export interface LinterMessage {
    readonly _type: 'error' | 'warning' | 'notice';
    readonly code: string;
    readonly message: string;
    readonly description?: string | readonly string[];
    readonly file?: string;
    readonly line?: number;
    readonly column?: number;
  }
  export interface LinterOutput {
    readonly count: number;
    readonly summary: { readonly errors: number; readonly notices: number; readonly warnings: number };
    readonly metadata: Record<string, unknown>;
    readonly errors: readonly LinterMessage[];
    readonly notices: readonly LinterMessage[];
    readonly warnings: readonly LinterMessage[];
  }
  export function createInstance(opts: { config: Record<string, unknown>; runAsBinary: boolean }): {
    run(): Promise<LinterOutput>;
  };
}
