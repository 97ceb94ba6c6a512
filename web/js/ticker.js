// One shared one-second tick for the clocks on screen (time in state, longest wait, wrap-up
// countdown). It only redraws text: it never asks the server anything.

const clocks = new Set();
let timer = null;

export function everySecond(fn) {
  clocks.add(fn);
  if (!timer) {
    timer = setInterval(() => {
      for (const f of clocks) {
        try {
          f();
        } catch (err) {
          console.error('clock failed', err);
        }
      }
    }, 1000);
  }
  fn();
  return () => {
    clocks.delete(fn);
    if (!clocks.size && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

// Whole seconds from an ISO instant until now (never negative). skewMs is the server's clock
// minus ours, when known, so that a browser with a wrong clock still counts from zero.
export function secondsSince(iso, skewMs = 0) {
  const start = Date.parse(iso || '');
  if (Number.isNaN(start)) return null;
  return Math.max(0, Math.floor((Date.now() + skewMs - start) / 1000));
}
