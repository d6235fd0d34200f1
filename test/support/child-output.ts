import type { ChildProcess } from 'node:child_process';

/** What a child process prints (stdout and stderr together), collected from its start. */
export interface ChildOutput {
  readonly text: string;
  /** Resolves once `marker` has been printed; fails if the child exits first, or after `ms`. */
  until(marker: string, what: string, ms: number): Promise<void>;
}

export function collectOutput(child: ChildProcess): ChildOutput {
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk;
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    get text() {
      return text;
    },
    until(marker, what, ms) {
      return new Promise<void>((ready, fail) => {
        const finish = (error?: Error) => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
          if (error) fail(error);
          else ready();
        };
        const check = () => {
          if (text.includes(marker)) finish();
        };
        const onExit = (code: number | null) => finish(new Error(`${what} exited (${code}):\n${text}`));
        const timer = setTimeout(() => finish(new Error(`${what} did not come up in ${ms / 1000} s:\n${text}`)), ms);
        listeners.add(check);
        child.once('exit', onExit);
        check();
      });
    },
  };
}
