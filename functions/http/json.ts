import { isWellFormedText } from '../oauth/identifiers.js';

/** Why a JSON text that JSON.parse accepts is still refused. */
export class StrictJsonError extends Error {
  override name = 'StrictJsonError';
}

/**
 * JSON.parse, stricter in two ways that JSON.parse (and its reviver) cannot see:
 * - a key repeated in one object is refused — JSON.parse keeps the last one silently, while a
 *   repeated form parameter is refused (RFC 6749 §3.2), so both are (SPEC §6; RFC 8259 §4:
 *   names SHOULD be unique, and receivers disagree on which one wins);
 * - a string (key or value) holding a lone surrogate (`"\ud800"`) is refused: it is not text,
 *   and DynamoDB refuses it while DynamoDB Local stores it.
 * A malformed text throws JSON.parse's own SyntaxError.
 */
export function parseStrictJson(text: string): unknown {
  const value = JSON.parse(text) as unknown;
  scan(text);
  return value;
}

/**
 * Walks a text JSON.parse has accepted, so only its structure matters: objects push a set of
 * the keys seen so far; a string right after `{` or `,` inside an object is a key.
 */
function scan(text: string): void {
  const stack: (Set<string> | null)[] = []; // a Set per open object, null per open array
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let end = i + 1;
      while (text.charCodeAt(end) !== 0x22) end += text.charCodeAt(end) === 0x5c /* \ */ ? 2 : 1;
      const raw = text.slice(i, end + 1);
      const decoded = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      if (!isWellFormedText(decoded)) throw new StrictJsonError('A JSON string holds a lone surrogate: it is not valid text.');
      const keys = stack[stack.length - 1];
      if (expectKey && keys) {
        if (keys.has(decoded)) throw new StrictJsonError(`The key "${printable(decoded)}" appears more than once in one object.`);
        keys.add(decoded);
      }
      expectKey = false;
      i = end;
    } else if (c === 0x7b /* { */) {
      stack.push(new Set());
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      stack.push(null);
      expectKey = false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      expectKey = stack[stack.length - 1] instanceof Set;
    }
  }
}

/** A key as an error message may show it: short, one line. */
function printable(key: string): string {
  const clean = key.replace(/[^\x20-\x7E]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
