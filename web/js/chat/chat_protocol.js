// The chat's WebSocket protocol (src/http/README.md): one connection per chat, JSON text both
// ways. Calls `onMessage` for every server message and `onClose` once.
// With `tryFlowId` the flow editor's test chat of that stored version (signed-in flow writers
// only; nothing is recorded, side effects arrive as {type: "simulated"}).
export function chatUrl(location, slug, tryFlowId) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = tryFlowId ? `?try=${encodeURIComponent(tryFlowId)}` : '';
  return `${scheme}//${location.host}/api/v1/chat/${encodeURIComponent(slug)}${query}`;
}

export function openChat(url, { onMessage, onClose }) {
  const socket = new WebSocket(url);
  let closed = false;
  const close = (event) => {
    if (closed) return;
    closed = true;
    onClose(event);
  };
  socket.addEventListener('message', (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message && typeof message.type === 'string') onMessage(message);
  });
  socket.addEventListener('close', close);
  socket.addEventListener('error', close);
  return {
    sendText(text) {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'message', text }));
    },
    sendChoice(value) {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'choice', value }));
    },
    close() {
      socket.close();
    },
  };
}
