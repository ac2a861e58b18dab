// The renderer's layout rules, as pure functions of the request (functions/engine Layout, TimelineResolver):
// boxes in whole output pixels, object-fit, track order, timing, and keyframe values at a time.

/** A length: "25%" of total, or a whole number of pixels. */
export function length(value, total, fallback) {
  if (value === undefined || value === null) value = fallback;
  if (typeof value === 'number') return value;
  const match = /^(-?\d+(?:\.\d+)?)%$/.exec(String(value));
  return match ? Number(match[1]) / 100 * total : Number(value);
}

// Java's Math.round: halves go up, as in JavaScript's, so both agree to the pixel.
const round = Math.round;

/** The element's box in output pixels, at least 1x1 (Layout.box). */
export function box(element, width, height, values = {}) {
  const x = values.x ?? element.x, y = values.y ?? element.y;
  const w = values.width ?? element.width, h = values.height ?? element.height;
  return {
    x: round(length(x, width, '0%')),
    y: round(length(y, height, '0%')),
    width: Math.max(1, round(length(w, width, '100%'))),
    height: Math.max(1, round(length(h, height, '100%'))),
  };
}

/** auto: cover for a box that is the whole frame, else contain; stretch is fill (Layout.effectiveFit). */
export function effectiveFit(fit, b, width, height) {
  const requested = fit || 'auto';
  if (requested === 'auto') {
    return b.x <= 0 && b.y <= 0 && b.x + b.width >= width && b.y + b.height >= height ? 'cover' : 'contain';
  }
  return requested === 'stretch' ? 'fill' : requested;
}

/** Drawing order: by track (default index + 1), ties by position in the request; later is on top. */
export function drawingOrder(elements) {
  return elements.map((element, index) => ({ element, index, track: element.track ?? index + 1 }))
    .sort((a, b) => a.track - b.track || a.index - b.index);
}

const BEZIERS = {
  ease: [0.25, 0.1, 0.25, 1], 'ease-in': [0.42, 0, 1, 1], 'ease-out': [0, 0, 0.58, 1], 'ease-in-out': [0.42, 0, 0.58, 1],
};

/** CSS cubic-bezier timing: progress p in [0,1] to eased progress, solved for x by bisection. */
export function cubicBezier(x1, y1, x2, y2) {
  const at = (a, b, t) => 3 * a * t * (1 - t) ** 2 + 3 * b * t * t * (1 - t) + t ** 3;
  return (p) => {
    let lo = 0, hi = 1, t = p;
    for (let i = 0; i < 40; i++) {
      t = (lo + hi) / 2;
      if (at(x1, x2, t) < p) lo = t; else hi = t;
    }
    return at(y1, y2, t);
  };
}

export function easing(name) {
  if (!name || name === 'linear') return (p) => p;
  if (name === 'step-end') return (p) => (p >= 1 ? 1 : 0);
  const curve = BEZIERS[name];
  return curve ? cubicBezier(...curve) : (p) => p;
}

/** A keyframed property at local time t: the first value before, the last after, eased between. */
export function valueAt(keyframes, t, total) {
  if (!Array.isArray(keyframes) || keyframes.length === 0) return undefined;
  const numeric = (v) => (typeof v === 'number' ? v : length(v, total));
  if (t <= keyframes[0].time) return keyframes[0].value;
  for (let i = 0; i < keyframes.length - 1; i++) {
    const from = keyframes[i], to = keyframes[i + 1];
    if (t < to.time) {
      const p = easing(from.easing)((t - from.time) / (to.time - from.time));
      return numeric(from.value) + (numeric(to.value) - numeric(from.value)) * p;
    }
  }
  return keyframes[keyframes.length - 1].value;
}

/** Whether the element shows at output time t (from its time, for its duration or to the end). */
export function visibleAt(element, t, outputDuration) {
  const start = Number(element.time ?? 0);
  const duration = typeof element.duration === 'number' ? element.duration : outputDuration - start;
  return t >= start && t < start + duration;
}

/** The output length the preview can know: the request's duration, else the latest element end it can see. */
export function outputDuration(request) {
  if (typeof request.duration === 'number') return request.duration;
  let end = 0;
  for (const element of request.elements || []) {
    if (typeof element.duration === 'number') end = Math.max(end, Number(element.time ?? 0) + element.duration);
  }
  return end || 10;
}
