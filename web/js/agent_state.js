// How an agent's ACD state reads on screen (desk and wallboard): a word, not only a colour.

import { h } from './dom.js';
import { t, tEnum } from './i18n.js';

export const AGENT_STATES = ['offline', 'available', 'reserved', 'ringing', 'on-call', 'wrap-up', 'paused'];

const KIND = {
  offline: 'muted',
  available: 'ok',
  reserved: 'info',
  ringing: 'info',
  'on-call': 'warn',
  'wrap-up': 'warn',
  paused: 'danger',
};

export function agentStateText(state) {
  return tEnum('agentState', state) || t('app.none');
}

export function agentStateBadge(state, { large = false } = {}) {
  return h('span', {
    class: `badge badge-${KIND[state] || 'plain'} agent-state agent-state-${state}${large ? ' agent-state-large' : ''}`,
    'data-state': state,
  }, agentStateText(state));
}

// Pause reasons are codes of the server (German words and system codes like "no-answer").
export function pauseReasonText(reason) {
  if (!reason) return '';
  return tEnum('pauseReason', reason);
}

// A state that has a call attached (offered, talking or wrapping it up).
export function hasCall(state) {
  return ['reserved', 'ringing', 'on-call', 'wrap-up'].includes(state);
}
