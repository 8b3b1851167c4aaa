// The facts a structural verifier re-derives beyond the bytes: every draw (docs/spec/08) and
// every ballot's tally (docs/spec/09). Fed each canonical fact in log order.

import { Ballots, BALLOT_TOPICS } from './ballots.js';
import { Draws } from './draw.js';

export class Domain {
  constructor(report) {
    this.draws = new Draws(report);
    this.ballots = new Ballots(report);
  }

  fact(seq, id, topic, payload) {
    if (BALLOT_TOPICS.has(topic)) this.ballots.fact(seq, id, topic, payload);
    this.draws.fact(seq, id, topic, payload);
  }

  finish() {
    this.draws.finish();
  }

  summary() {
    return this.draws.summary();
  }
}
