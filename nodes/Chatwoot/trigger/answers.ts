import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { Source } from './common';
import type { SignatureFailureReason } from './signature';
import { SIGNATURE_FAILURE_TEXT } from './signature';

/*
 * What the Chatwoot Trigger answers when it does not start an execution, per source.
 * Chatwoot 4.15.1 (lib/webhooks/trigger.rb, app/jobs/agent_bots/webhook_job.rb) treats any
 * non-2xx answer (SafeFetch raises unless Net::HTTPSuccess) as a failure, differently per source:
 *
 *   account webhook  logged, nothing else; never retried.
 *   API inbox        message_created / message_updated: the message is marked **failed** in
 *                    Chatwoot (Messages::StatusUpdateService), with our status as its error;
 *                    never retried.
 *   agent bot        429 and 500 are retried (3 attempts, 3 s apart, the same
 *                    X-Chatwoot-Delivery); any other error, or the last attempt's, opens a
 *                    **pending** conversation for humans with an activity message (unless the
 *                    account sets keep_pending_on_bot_failure).
 *
 * So:
 *   account webhook  401 for deliveries we cannot authenticate, 400 for bodies that are not
 *                    Chatwoot events: visible in Chatwoot's log, harmless.
 *   API inbox        always 200 (`{received, ignored: <reason>}`), never an execution for a
 *                    refused delivery: Chatwoot never shows an agent's reply as failed for our
 *                    reasons, and a forged delivery gets the same 200 and starts nothing.
 *   agent bot        429 (Retry-After: 3) when the trigger is not ready yet (registration not
 *                    known to this process, secret being re-read): Chatwoot's retry 3 s later
 *                    usually succeeds, and after the last one a human takes over. 401 / 400
 *                    when a delivery cannot be verified or is not an event: the bot cannot
 *                    serve it, so handing the conversation to a human is the right outcome.
 *                    Forged deliveries get the same answers and start nothing; Chatwoot never
 *                    sees them.
 * Accepted, filtered and duplicate deliveries get 200 from every source.
 */

export type Refusal = SignatureFailureReason | 'not_registered' | 'malformed_json' | 'not_an_event' | 'too_deep';

const SHAPE: ReadonlySet<Refusal> = new Set<Refusal>(['malformed_json', 'not_an_event', 'too_deep']);

const TEXT: Record<Refusal, string> = {
	...SIGNATURE_FAILURE_TEXT,
	not_registered: 'This trigger has no active Chatwoot registration to check the signature against',
	malformed_json: 'The body is not valid JSON',
	not_an_event: 'The body is not a Chatwoot event (no "event" field)',
	too_deep: 'The body is not a Chatwoot event (it is nested too deeply)',
};

/** Seconds an agent bot's retry should wait (Chatwoot waits 3 s by itself). */
const RETRY_AFTER_SECONDS = 3;

/** The HTTP status for a refused delivery from `source`; `retryLater` marks refusals a retry may cure. */
export function refusalStatus(source: Source, reason: Refusal, retryLater = false): number {
	if (source === 'apiInbox') return 200;
	if (SHAPE.has(reason)) return 400;
	if (source === 'agentBot' && retryLater) return 429;
	return 401;
}

/** Answers a delivery that starts no execution, and logs why (no secret material is in the text). */
export function refuse(ctx: IWebhookFunctions, source: Source, reason: Refusal, retryLater = false): IWebhookResponseData {
	const status = refusalStatus(source, reason, retryLater);
	const message = TEXT[reason];
	ctx.logger.warn(`Chatwoot Trigger "${ctx.getNode().name}" refused a delivery (${status}, ${reason}): ${message}`);
	if (status === 200) return { webhookResponse: { received: true, ignored: reason } };
	const response = ctx.getResponseObject();
	if (status === 429) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
	response.status(status).json({ error: reason, message });
	return { noWebhookResponse: true };
}
