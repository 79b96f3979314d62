// Phase timings for `briefing build --timings`: where a build's time goes, for the analyst who
// wonders and for the benchmark. performance.now() counts from process start, so the first phase
// ("startup") is Node's boot plus loading our modules.
export interface PhaseClock {
  /** Close the phase that ran since the previous lap. */
  lap(phase: string): void;
  readonly phases: readonly { phase: string; ms: number }[];
}

export function startClock(): PhaseClock {
  let last = 0;
  const phases: { phase: string; ms: number }[] = [];
  return {
    phases,
    lap(phase) {
      const now = performance.now();
      phases.push({ phase, ms: now - last });
      last = now;
    },
  };
}

/** A clock that records nothing, for callers that do not ask. */
export const NO_CLOCK: PhaseClock = { phases: [], lap: () => undefined };
