import { createInterface } from 'node:readline';

/** Reads a password from the terminal without echoing it. */
export async function promptHidden(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
  let prompted = false;
  output._writeToOutput = (s: string) => {
    if (!prompted) {
      process.stderr.write(s);
      prompted = true;
    }
  };
  try {
    return await new Promise<string>((done) => rl.question(question, done));
  } finally {
    process.stderr.write('\n');
    rl.close();
  }
}

/** `--password-stdin`: exactly one line from standard input (the newline is not part of it). */
export async function readStdinLine(): Promise<string> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line.replace(/\r$/, '');
  }
  return '';
}
