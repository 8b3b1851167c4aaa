// The facts a structural verifier re-derives beyond the bytes: every draw (docs/spec/08) and
// every ballot's tally (docs/spec/09). Fed each canonical fact in log order.

import { Draws } from './draw.js';

export class Domain {
  constructor(report) {
    this.draws = new Draws(report);
  }

  fact(seq, id, topic, payload) {
    if (topic.charCodeAt(9) === 0x76 && topic.startsWith('assembly.vote_cast')) return; // the bulk of a year: nothing to derive
    this.draws.fact(seq, id, topic, payload);
  }

  finish() {
    this.draws.finish();
  }

  summary() {
    return this.draws.summary();
  }
}
