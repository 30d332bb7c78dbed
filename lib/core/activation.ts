/**
 * The elementwise nonlinearities the engine differentiates, as scalar
 * functions: the names a layer is configured with, the function, and its
 * slope written with the function's *output* (what backward passes keep).
 *
 * @module
 */

/** Elementwise nonlinearities the engine knows how to differentiate. */
export type Activation = "tanh" | "sigmoid" | "relu" | "identity";

/** Names of the nonlinearities, for validation messages. */
export const ACTIVATIONS: readonly Activation[] = ["tanh", "sigmoid", "relu", "identity"];

/** The logistic function σ(x) = 1/(1 + e^{−x}), finite for any x. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** `act(a)` of a pre-activation. */
export function activation(kind: Activation, a: number): number {
  if (kind === "tanh") return Math.tanh(a);
  if (kind === "sigmoid") return sigmoid(a);
  if (kind === "relu") return a > 0 ? a : 0;
  return a;
}

/** `act'` written with the output `y` (tanh: 1 − y², sigmoid: y(1 − y), relu: y > 0). */
export function activationSlope(kind: Activation, y: number): number {
  if (kind === "tanh") return 1 - y * y;
  if (kind === "sigmoid") return y * (1 - y);
  if (kind === "relu") return y > 0 ? 1 : 0;
  return 1;
}
