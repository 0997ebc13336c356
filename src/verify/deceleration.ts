/**
 * C7 (learning decelerates), on a concrete learner: the Beta(1, 1)–Bernoulli sequential predictor
 * (Laplace's rule of succession), p(x_t = 1 | x_<t) = (k + 1)/(t + 1) with k ones among the t − 1
 * tokens seen. Its per-token loss v(t) = E[−log p(x_t | x_<t)] and acceleration a(t) = v(t+1) − v(t)
 * are computed in 40-digit decimal arithmetic (decimal.js):
 *
 * - under the uniform prior (k uniform on 0…t−1), by symmetry
 *   v(t) = ln(t+1) − (2/(t(t+1)))·Σ_{j=1}^{t} j·ln j;
 * - for a fixed true parameter q (k ~ Binomial(t−1, q)),
 *   v_q(t) = ln(t+1) − E[q·ln(k+1) + (1−q)·ln(t−k)], which should decrease to the entropy
 *   H(q) = −q ln q − (1−q) ln(1−q) from above. Binomial terms below 1e-45 of the largest are
 *   dropped (an error below 1e-40 in v).
 */
import { Decimal } from "decimal.js";

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
type Dec = InstanceType<typeof D>;

/** ln j for j = 0…m (ln 0 unused) and ln j! as prefix sums. */
function tables(m: number): { ln: Dec[]; lnFact: Dec[] } {
  const ln: Dec[] = [new D(0)];
  const lnFact: Dec[] = [new D(0)];
  for (let j = 1; j <= m; j++) {
    ln.push(new D(j).ln());
    lnFact.push(lnFact[j - 1].plus(ln[j]));
  }
  return { ln, lnFact };
}

/** v(t) for t = 1…T under the uniform prior (the Bayes-marginal expected loss). */
export function priorLoss(T: number): Dec[] {
  const { ln } = tables(T + 1);
  const out: Dec[] = [];
  let s = new D(0);
  for (let t = 1; t <= T; t++) {
    s = s.plus(ln[t].times(t));
    out.push(ln[t + 1].minus(s.times(2).div(t * (t + 1))));
  }
  return out;
}

/** v_q(t) for t = 1…T when the tokens are Bernoulli(q), 0 < q < 1. */
export function fixedLoss(q: number, T: number): Dec[] {
  const { ln, lnFact } = tables(T + 1);
  const Q = new D(q);
  const R = new D(1).minus(Q);
  const [lq, lr] = [Q.ln(), R.ln()];
  const forward = Q.div(R);
  const out: Dec[] = [];
  for (let t = 1; t <= T; t++) {
    const m = t - 1;
    const mode = Math.min(m, Math.max(0, Math.floor((m + 1) * q)));
    const lnPeak = lnFact[m].minus(lnFact[mode]).minus(lnFact[m - mode]);
    const peak = lnPeak
      .plus(lq.times(mode))
      .plus(lr.times(m - mode))
      .exp();
    const floor = peak.times("1e-45");
    const term = (k: number, w: Dec) => w.times(Q.times(ln[k + 1]).plus(R.times(ln[t - k])));
    let acc = term(mode, peak);
    for (let k = mode, w = peak; k < m; k++) {
      w = w
        .times(forward)
        .times(m - k)
        .div(k + 1);
      if (w.lt(floor)) break;
      acc = acc.plus(term(k + 1, w));
    }
    for (let k = mode, w = peak; k > 0; k--) {
      w = w
        .div(forward)
        .times(k)
        .div(m - k + 1);
      if (w.lt(floor)) break;
      acc = acc.plus(term(k - 1, w));
    }
    out.push(ln[t + 1].minus(acc));
  }
  return out;
}

/** H(q) in nats, 40 digits. */
export function entropy(q: number): Dec {
  const Q = new D(q);
  const R = new D(1).minus(Q);
  return Q.times(Q.ln()).plus(R.times(R.ln())).neg();
}

export type { Dec };
