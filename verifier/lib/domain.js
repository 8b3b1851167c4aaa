// The facts a structural verifier re-derives beyond the bytes: every draw (docs/spec/08) and
// every ballot's tally (docs/spec/09). Fed each canonical fact in log order.

export class Domain {
  constructor(report) {
    this.report = report;
  }

  fact(seq, id, topic, payload) {}

  finish() {}

  summary() {
    return [];
  }
}
