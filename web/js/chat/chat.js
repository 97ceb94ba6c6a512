// The public chat page /chat/<tenant-slug>: the visitor talks to the tenant's virtual agent.
// Messages are shown as text only (never as HTML); buttons for the offered choices; after a
// hand-over the waiting state stays visible until a person takes over.
import { chatUrl, openChat } from './chat_protocol.js';

const TEXTS = {
  de: {
    connecting: 'Verbinde …',
    online: 'Online',
    waiting: 'Warten auf eine Mitarbeiterin oder einen Mitarbeiter',
    ended: 'Der Chat ist beendet.',
    lost: 'Die Verbindung ist unterbrochen.',
    notFound: 'Diesen Chat gibt es nicht.',
    you: 'Sie',
    bot: 'Assistent',
    send: 'Senden',
    placeholder: 'Nachricht schreiben …',
    restart: 'Neuen Chat beginnen',
  },
  en: {
    connecting: 'Connecting …',
    online: 'Online',
    waiting: 'Waiting for a member of our team',
    ended: 'The chat has ended.',
    lost: 'The connection was lost.',
    notFound: 'This chat does not exist.',
    you: 'You',
    bot: 'Assistant',
    send: 'Send',
    placeholder: 'Write a message …',
    restart: 'Start a new chat',
  },
};

const $ = (id) => document.getElementById(id);
const log = $('chat-log');
const choices = $('chat-choices');
const form = $('chat-form');
const input = $('chat-input');
const sendButton = $('chat-send');
const status = $('chat-status');
const waiting = $('chat-waiting');

let texts = TEXTS.de;
let state = 'connecting'; // connecting, asking, working, waiting, ended
let chat;

function slugFromPath() {
  const m = /^\/chat\/([^/]+)\/?$/.exec(window.location.pathname);
  return m ? decodeURIComponent(m[1]) : '';
}

function addMessage(kind, text) {
  const item = document.createElement('li');
  item.className = `chat-message chat-${kind}`;
  const who = document.createElement('span');
  who.className = 'visually-hidden';
  who.textContent = `${kind === 'visitor' ? texts.you : texts.bot}: `;
  const body = document.createElement('p');
  body.textContent = text; // text, never HTML
  item.append(who, body);
  log.append(item);
  item.scrollIntoView({ block: 'end' });
}

function addNotice(text) {
  const item = document.createElement('li');
  item.className = 'chat-notice';
  item.textContent = text;
  log.append(item);
  item.scrollIntoView({ block: 'end' });
}

function setState(next) {
  state = next;
  document.body.dataset.state = next;
  const canWrite = next === 'asking' || next === 'waiting';
  input.disabled = !canWrite;
  sendButton.disabled = !canWrite;
  waiting.hidden = next !== 'waiting';
  if (next === 'asking' || next === 'waiting') status.textContent = next === 'waiting' ? texts.waiting : texts.online;
  if (next !== 'asking') showChoices([]);
}

function showChoices(list) {
  choices.replaceChildren();
  for (const choice of list) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'chat-choice';
    button.textContent = choice.label;
    button.addEventListener('click', () => {
      if (state !== 'asking') return;
      addMessage('visitor', choice.label);
      setState('working');
      chat.sendChoice(choice.value);
    });
    choices.append(button);
  }
}

function applyLanguage(language) {
  texts = TEXTS[language] || TEXTS.de;
  document.documentElement.lang = TEXTS[language] ? language : 'de';
  sendButton.textContent = texts.send;
  input.placeholder = texts.placeholder;
}

function onMessage(message) {
  switch (message.type) {
    case 'hello':
      applyLanguage(message.language);
      if (message.tenant && message.tenant.name) {
        $('chat-title').textContent = message.tenant.name;
        document.title = `Chat – ${message.tenant.name}`;
      }
      status.textContent = texts.online;
      break;
    case 'bot':
      addMessage('bot', message.text || '');
      break;
    case 'input':
      setState('asking');
      showChoices(Array.isArray(message.choices) ? message.choices : []);
      if (!choices.firstChild) input.focus();
      break;
    case 'waiting':
      setState('waiting');
      if (message.text) $('chat-waiting-text').textContent = message.text;
      input.focus();
      break;
    case 'ended':
      setState('ended');
      status.textContent = message.text || texts.ended;
      addNotice(message.text || texts.ended);
      break;
    case 'error':
      addNotice(message.message || 'Fehler');
      if (state === 'working') setState('asking');
      break;
    default:
      break;
  }
}

function onClose() {
  if (state === 'ended') return;
  const neverOpened = state === 'connecting';
  setState('ended');
  status.textContent = neverOpened ? texts.notFound : texts.lost;
  addNotice(status.textContent);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text || (state !== 'asking' && state !== 'waiting')) return;
  addMessage('visitor', text);
  input.value = '';
  if (state === 'asking') setState('working');
  chat.sendText(text);
});

// Enter sends, Shift+Enter starts a new line.
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});

const slug = slugFromPath();
setState('connecting');
if (!slug) {
  onClose();
} else {
  chat = openChat(chatUrl(window.location, slug), { onMessage, onClose });
}
