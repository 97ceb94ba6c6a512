// Reads call recordings (RIFF/WAVE, 16-bit PCM) and measures their audio, independently of
// callwerk's own WAV code, so that a test can tell speech from silence and find a tone.
import fs from 'node:fs';

// {format, channels, sampleRate, bitsPerSample, frames, dataBytes, complete, samples: [Int16Array per channel]}
// Throws on anything that is not a plain PCM WAV. `complete` is false while the writer has not
// yet patched the sizes (RIFF size or data size disagree with the file length).
export function parseWav(bytes) {
  const text = (at) => bytes.toString('latin1', at, at + 4);
  if (bytes.length < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  const riffSize = bytes.readUInt32LE(4);
  let fmt;
  let data;
  for (let pos = 12; pos + 8 <= bytes.length;) {
    const id = text(pos);
    const size = bytes.readUInt32LE(pos + 4);
    const body = pos + 8;
    if (id === 'fmt ') fmt = bytes.subarray(body, body + size);
    if (id === 'data') {
      data = { offset: body, size };
      break;  // the samples run to the end; a streaming writer may not know their size yet
    }
    pos = body + size + (size % 2);
  }
  if (!fmt || fmt.length < 16) throw new Error('no fmt chunk');
  if (!data) throw new Error('no data chunk');
  const format = fmt.readUInt16LE(0);
  const channels = fmt.readUInt16LE(2);
  const sampleRate = fmt.readUInt32LE(4);
  const byteRate = fmt.readUInt32LE(8);
  const blockAlign = fmt.readUInt16LE(12);
  const bitsPerSample = fmt.readUInt16LE(14);
  if (format !== 1 || bitsPerSample !== 16) throw new Error(`not 16-bit PCM (format ${format}, ${bitsPerSample} bits)`);
  if (blockAlign !== channels * 2 || byteRate !== sampleRate * blockAlign) {
    throw new Error(`inconsistent fmt: block ${blockAlign}, byte rate ${byteRate}`);
  }
  const available = bytes.length - data.offset;
  const complete = riffSize === bytes.length - 8 && data.size === available;
  const dataBytes = Math.min(data.size, available);
  const frames = Math.floor(dataBytes / blockAlign);
  const samples = Array.from({ length: channels }, () => new Int16Array(frames));
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++) samples[c][i] = bytes.readInt16LE(data.offset + i * blockAlign + c * 2);
  }
  return { format, channels, sampleRate, bitsPerSample, frames, dataBytes, complete, samples };
}

// Waits until the recording's header carries its final sizes (the media thread closes the file
// a moment after the call has ended).
export async function readFinishedWav(file, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  let last = 'missing';
  for (;;) {
    try {
      const wav = parseWav(fs.readFileSync(file));
      if (wav.complete) return wav;
      last = `sizes not final (${wav.dataBytes} data bytes)`;
    } catch (err) {
      last = err.message;
    }
    if (Date.now() > deadline) throw new Error(`${file}: ${last}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function rms(samples, from = 0, to = samples.length) {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i] * samples[i];
  return to > from ? Math.sqrt(sum / (to - from)) : 0;
}

// RMS of consecutive windows of `size` samples.
export function windowRms(samples, size) {
  const out = [];
  for (let at = 0; at + size <= samples.length; at += size) out.push(rms(samples, at, at + size));
  return out;
}

// Share of the signal's power at `hz` (Goertzel), 0..1: about 1 for a pure tone of that
// frequency, near 0 for speech. Exact when the range holds whole periods (e.g. 1 s at 440 Hz).
// The median of toneShare over windows of `window` samples: robust against a lost packet or a
// concealed gap, which breaks the phase of one long window and with it its single-bin share.
export function medianToneShare(samples, hz, sampleRate, window, from = 0, to = samples.length) {
  const shares = [];
  for (let at = from; at + window <= to; at += window) shares.push(toneShare(samples, hz, sampleRate, at, at + window));
  if (shares.length === 0) return 0;
  shares.sort((a, b) => a - b);
  return shares[Math.floor(shares.length / 2)];
}

export function toneShare(samples, hz, sampleRate, from = 0, to = samples.length) {
  const coeff = 2 * Math.cos((2 * Math.PI * hz) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (let i = from; i < to; i++) {
    const s0 = samples[i] + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
    energy += samples[i] * samples[i];
  }
  const n = to - from;
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;  // |X(hz)|^2
  return energy > 0 ? (2 * power) / (n * energy) : 0;
}
