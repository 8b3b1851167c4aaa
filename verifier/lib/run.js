// Feeding the verifier: lines of text from any source (node's file stream, the page's File),
// in batches, so that a million lines cost no more than their parsing.

import { InputError, Verifier } from './verify.js';

/** Split a stream of text chunks into batches of whole lines. */
export async function* linesOf(chunks) {
  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + chunk;
    const cut = text.lastIndexOf('\n');
    if (cut < 0) {
      rest = text;
      continue;
    }
    rest = text.slice(cut + 1);
    yield text.slice(0, cut).split('\n');
  }
  if (rest) yield [rest];
}

/** The report on an export given as batches of lines; InputError on bad input. */
export async function verifyBatches(batches, options) {
  const v = new Verifier(options);
  let n = 0;
  for await (const batch of batches) {
    for (const line of batch) {
      n++;
      if (n === 1) {
        let head;
        try {
          head = JSON.parse(line);
        } catch {
          throw new InputError('not-export');
        }
        v.start(head);
      } else v.line(line, n);
    }
  }
  return v.finish();
}
