// A party's media for SIP tests, played by the test itself: a UDP socket that the SIPp
// scenario advertises in its SDP (-key rtp_port). Once callwerk's first RTP packet shows where
// its stream is (callwerk sends from the start: prompt, silence, bridge or mix), the socket
// answers there every 20 ms with a PCMA tone of the party's own frequency, and keeps what it
// receives (decoded) so that the test can tell by frequency whom the party hears.
import dgram from 'node:dgram';

// G.711 A-law (ITU-T G.711), enough for test tones.
export function alawEncode(sample) {
  let sign = 0x80;
  if (sample < 0) { sign = 0; sample = -sample - 1; }
  if (sample > 32635) sample = 32635;
  let code;
  if (sample >= 256) {
    let exponent = 7;
    for (let mask = 0x4000; (sample & mask) === 0 && exponent > 1; mask >>= 1) exponent--;
    code = (exponent << 4) | ((sample >> (exponent + 3)) & 0x0f);
  } else {
    code = sample >> 4;
  }
  return (code | sign) ^ 0x55;
}

export function alawDecode(code) {
  code ^= 0x55;
  const sign = code & 0x80;
  const exponent = (code >> 4) & 0x07;
  const mantissa = code & 0x0f;
  let sample = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return sign ? sample : -sample;
}

function ulawDecode(code) {
  code = ~code & 0xff;
  const sign = code & 0x80;
  const exponent = (code >> 4) & 0x07;
  const mantissa = code & 0x0f;
  const sample = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return sign ? -sample : sample;
}

// The amplitude of `hz` in `samples` (Goertzel), in sample units.
export function toneAmplitude(samples, hz) {
  if (samples.length === 0) return 0;
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / 8000);
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  return (2 * Math.sqrt(Math.max(power, 0))) / samples.length;
}

export class RtpParty {
  constructor(name, hz, amplitude = 6000) {
    this.name = name;
    this.hz = hz;
    this.amplitude = amplitude;
    this.socket = dgram.createSocket('udp4');
    this.remote = null;  // callwerk's stream, from its first packet
    this.heard = [];
    this.packetsReceived = 0;
    this.sequence = 1;
    this.timestamp = 160000;
    this.phase = 0;
    this.ssrc = (hz * 7919) >>> 0;
    this.pendingEvents = [];
    this.socket.on('message', (msg, rinfo) => this.receive(msg, rinfo));
  }

  async bind() {
    await new Promise((resolve) => this.socket.bind(0, '127.0.0.1', resolve));
    this.port = this.socket.address().port;
    this.timer = setInterval(() => this.sendFrame(), 20);
    return this.port;
  }

  receive(msg, rinfo) {
    if (msg.length < 12 || (msg[0] >> 6) !== 2) return;
    const pt = msg[1] & 0x7f;
    if (pt !== 0 && pt !== 8) return;
    const headerLength = 12 + 4 * (msg[0] & 0x0f);
    if (!this.remote) this.remote = { address: rinfo.address, port: rinfo.port };
    this.packetsReceived++;
    const decode = pt === 8 ? alawDecode : ulawDecode;
    for (let i = headerLength; i < msg.length; i++) this.heard.push(decode(msg[i]));
  }

  header(pt, marker, timestamp) {
    const b = Buffer.alloc(12);
    b[0] = 0x80;
    b[1] = (marker ? 0x80 : 0) | pt;
    b.writeUInt16BE(this.sequence++ & 0xffff, 2);
    b.writeUInt32BE(timestamp >>> 0, 4);
    b.writeUInt32BE(this.ssrc, 8);
    return b;
  }

  sendFrame() {
    if (!this.remote) return;
    const event = this.pendingEvents.shift();
    if (event) {
      const payload = Buffer.from([event.code, (event.end ? 0x80 : 0) | 10, (event.duration >> 8) & 0xff, event.duration & 0xff]);
      this.socket.send(Buffer.concat([this.header(101, event.first, event.timestamp), payload]), this.remote.port, this.remote.address);
      this.timestamp += 160;
      return;
    }
    const payload = Buffer.alloc(160);
    for (let i = 0; i < 160; i++) {
      const x = this.amplitude * Math.sin((2 * Math.PI * this.hz * this.phase++) / 8000);
      payload[i] = alawEncode(Math.round(x));
    }
    this.socket.send(Buffer.concat([this.header(8, false, this.timestamp), payload]), this.remote.port, this.remote.address);
    this.timestamp += 160;
  }

  // A key press as RFC 4733 telephone-events in place of the tone for 120 ms.
  pressKey(digit) {
    const code = '0123456789*#'.indexOf(digit);
    const timestamp = this.timestamp;
    for (let i = 1; i <= 6; i++) this.pendingEvents.push({ code, first: i === 1, end: false, duration: 160 * i, timestamp });
    for (let i = 0; i < 3; i++) this.pendingEvents.push({ code, first: false, end: true, duration: 960, timestamp });
  }

  // Stops sending (a phone that went silent); receiving goes on.
  mute() {
    clearInterval(this.timer);
  }

  // Forgets what came so far: hears() covers what arrives from now on.
  restartListening() {
    this.heard = [];
  }

  // Which of the given tones (name -> Hz) the party heard since restartListening, with the
  // amplitudes for messages.
  hears(tones, threshold = 1500) {
    const out = {};
    const levels = {};
    for (const [name, hz] of Object.entries(tones)) {
      levels[name] = Math.round(toneAmplitude(this.heard, hz));
      out[name] = levels[name] > threshold;
    }
    return { heard: out, levels, samples: this.heard.length };
  }

  close() {
    clearInterval(this.timer);
    this.socket.close();
  }
}
