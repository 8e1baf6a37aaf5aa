import { html, type Html } from '../html.js';
import { formatAge, formatTime } from '../format.js';

/** A coloured label for a delivery's or an endpoint's state. */
export function stateBadge(state: string): Html {
  return html`<span class="badge s-${state}">${state}</span>`;
}

/** A time as its age, with the exact time on hover and for machines. */
export function timeAgo(ms: number, now: number): Html {
  return html`<time datetime="${new Date(ms).toISOString()}" title="${formatTime(ms)}">${formatAge(ms, now)} ago</time>`;
}
