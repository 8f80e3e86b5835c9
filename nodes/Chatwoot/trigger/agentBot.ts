import type { IDataObject, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sameStringSet } from '../../shared/sets';
import { resolveAccountId } from '../helpers/account';
import { extractRecord, extractRecords } from '../transport/list';

import type { BotInbox, Context, Registration, Slot } from './common';
import {
	accountPath,
	isOtherSlotUrl,
	ownUrl,
	readRegistration,
	registrationName,
	send,
	text,
	warnAboutAddress,
	warnNoSecret,
	writeRegistration,
} from './common';

/*
 * Source "Agent Bot": an agent bot whose outgoing URL is this trigger, connected to the
 * chosen inboxes while the workflow is active. Chatwoot 4.15.1 (97bb8ecd3):
 * `/api/v1/accounts/{id}/agent_bots` (agent_bots_controller.rb: index lists the account's
 * bots and system bots, create/update permit name, description, outgoing_url; every
 * view returns `secret` to administrators), `GET /inboxes/{id}/agent_bot` and
 * `POST /inboxes/{id}/set_agent_bot {agent_bot: id | null}` (inboxes_controller.rb: an
 * inbox has at most one bot). Each inbox's bot before ours is remembered and put back on
 * delete. The bot itself is kept: deleting it would nullify the sender of every message
 * it sent (AgentBot has_many :messages, dependent: :nullify); the next activation reuses
 * it, found by its outgoing URL.
 */

function botsPath(accountId: number): string {
	return accountPath(accountId, '/agent_bots');
}

function inboxBotPath(accountId: number, inboxId: number, action: 'agent_bot' | 'set_agent_bot'): string {
	return accountPath(accountId, `/inboxes/${inboxId}/${action}`);
}

/** The inboxes chosen in "Bot Inbox Names or IDs" (numbers, an expression's list or "1, 2"). */
function botInboxParameter(ctx: Context): number[] {
	const raw = ctx.getNodeParameter('botInboxIds', []) as unknown;
	const values = Array.isArray(raw) ? raw : String(raw ?? '').split(',');
	const ids: number[] = [];
	for (const value of values) {
		if (String(value).trim() === '') continue;
		const id = Number(value);
		if (!Number.isInteger(id) || id <= 0) {
			throw new NodeOperationError(ctx.getNode(), `"${String(value)}" is not an inbox ID`, {
				description: 'Choose the bot\'s inboxes from the list, or give their numeric IDs (Settings → Inboxes in Chatwoot).',
			});
		}
		if (!ids.includes(id)) ids.push(id);
	}
	return ids;
}

/** The bot connected to an inbox, or undefined (`{agent_bot: {}}`); null when the inbox is gone (404). */
async function inboxBot(ctx: Context, accountId: number, inboxId: number): Promise<IDataObject | undefined | null> {
	const got = await send(ctx, { method: 'GET', path: inboxBotPath(accountId, inboxId, 'agent_bot') });
	if (!got.ok) {
		if (got.status === 404) return null;
		throw got.error;
	}
	const bot = (got.body as IDataObject | undefined)?.agent_bot as IDataObject | undefined;
	return bot && typeof bot === 'object' && bot.id !== undefined && bot.id !== null ? bot : undefined;
}

async function setInboxBot(ctx: Context, accountId: number, inboxId: number, botId: number | null) {
	const set = await send(ctx, {
		method: 'POST',
		path: inboxBotPath(accountId, inboxId, 'set_agent_bot'),
		body: { agent_bot: botId } as IDataObject,
	});
	return set;
}

async function getBot(ctx: Context, accountId: number, botId: number): Promise<IDataObject | undefined> {
	const got = await send(ctx, { method: 'GET', path: `${botsPath(accountId)}/${botId}` });
	if (!got.ok) {
		if (got.status === 404) return undefined;
		throw got.error;
	}
	return extractRecord(got.body);
}

/** The account's bot whose outgoing URL is `url` (a left-over of lost static data, or of an earlier activation). */
export async function findBotByUrl(ctx: Context, accountId: number, url: string): Promise<IDataObject | undefined> {
	const listed = await send(ctx, { method: 'GET', path: botsPath(accountId) });
	if (!listed.ok) throw listed.error;
	return extractRecords(listed.body).find((bot) => bot.outgoing_url === url && Number(bot.account_id) === accountId);
}

/** Our bot: the recorded one if it still points here, else one with our URL, else a new one. */
async function ensureBot(ctx: Context, slot: Slot, accountId: number, url: string, previous?: Registration): Promise<IDataObject> {
	if (previous?.botId !== undefined) {
		const recorded = await getBot(ctx, accountId, previous.botId);
		if (recorded && recorded.outgoing_url === url) return recorded;
		if (recorded && Number(recorded.account_id) === accountId) {
			// Edited in Chatwoot (another URL): point it back here.
			const patched = await send(ctx, { method: 'PATCH', path: `${botsPath(accountId)}/${previous.botId}`, body: { outgoing_url: url } });
			if (!patched.ok) throw patched.error;
			return extractRecord(patched.body);
		}
	}
	const existing = await findBotByUrl(ctx, accountId, url);
	if (existing) {
		ctx.logger.info(`Chatwoot Trigger "${ctx.getNode().name}": reusing agent bot #${String(existing.id)}, whose URL is this trigger`);
		return existing;
	}
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const name = text(String(options.botName ?? '').trim()) ?? registrationName(ctx, slot);
	const created = await send(ctx, {
		method: 'POST',
		path: botsPath(accountId),
		body: { name, description: `Answered by the n8n workflow "${String(ctx.getWorkflow().name ?? ctx.getWorkflow().id)}"`, outgoing_url: url },
	});
	if (!created.ok) throw created.error;
	return extractRecord(created.body);
}

/** Puts back the bot an inbox had before ours, unless someone changed it since. */
async function restoreInbox(ctx: Context, accountId: number, botId: number, entry: BotInbox) {
	const current = await inboxBot(ctx, accountId, entry.inboxId);
	if (current === null) return;
	if (Number(current?.id) !== botId) {
		ctx.logger.info(
			`Chatwoot Trigger "${ctx.getNode().name}": inbox #${entry.inboxId}'s agent bot was changed since activation; left as it is`,
		);
		return;
	}
	const restored = await setInboxBot(ctx, accountId, entry.inboxId, entry.previousBotId);
	if (restored.ok) return;
	// The bot it had before is gone (404): leave the inbox without a bot rather than with ours.
	if (restored.status === 404 && entry.previousBotId !== null) {
		const cleared = await setInboxBot(ctx, accountId, entry.inboxId, null);
		if (cleared.ok || cleared.status === 404) return;
		throw cleared.error;
	}
	if (restored.status !== 404) throw restored.error;
}

export async function releaseAgentBot(ctx: Context, registration: Registration) {
	if (registration.botId === undefined) return;
	for (const entry of registration.botInboxes ?? []) {
		await restoreInbox(ctx, registration.accountId, registration.botId, entry);
	}
}

export async function agentBotExists(ctx: Context, slot: Slot): Promise<boolean> {
	const registration = readRegistration(ctx, slot);
	if (registration?.source !== 'agentBot' || registration.botId === undefined) return false;
	const accountId = await resolveAccountId.call(ctx);
	if (registration.accountId !== accountId) return false;
	const bot = await getBot(ctx, accountId, registration.botId);
	if (!bot || bot.outgoing_url !== ownUrl(ctx)) return false;
	const wanted = botInboxParameter(ctx);
	const recorded = (registration.botInboxes ?? []).map((entry) => entry.inboxId);
	if (!sameStringSet(recorded.map(String), wanted.map(String))) return false;
	for (const inboxId of wanted) {
		if (Number((await inboxBot(ctx, accountId, inboxId))?.id) !== registration.botId) return false;
	}
	const secret = text(bot.secret);
	if (secret && secret !== registration.secret) writeRegistration(ctx, slot, { ...registration, secret });
	return true;
}

export async function createAgentBot(ctx: Context, slot: Slot): Promise<boolean> {
	const url = ownUrl(ctx);
	const accountId = await resolveAccountId.call(ctx);
	const wanted = botInboxParameter(ctx);
	let previous = readRegistration(ctx, slot);
	if (previous?.source !== 'agentBot') previous = undefined;
	if (previous && previous.accountId !== accountId) {
		await releaseAgentBot(ctx, previous);
		previous = undefined;
	}

	const bot = await ensureBot(ctx, slot, accountId, url, previous);
	const botId = Number(bot.id);
	if (!Number.isFinite(botId)) {
		throw new NodeOperationError(ctx.getNode(), 'Chatwoot did not return the id of the agent bot it created', {
			description: `POST ${botsPath(accountId)} answered without an id.`,
		});
	}

	const connected: BotInbox[] = [];
	let failure: NodeApiError | NodeOperationError | undefined;
	for (const inboxId of wanted) {
		const earlier = previous?.botInboxes?.find((entry) => entry.inboxId === inboxId);
		const current = await inboxBot(ctx, accountId, inboxId).catch((error: NodeApiError) => error);
		if (current instanceof Error || current === null) {
			failure =
				current ??
				new NodeOperationError(ctx.getNode(), `Inbox ${inboxId} does not exist in account ${accountId}`, {
					description: "Choose the bot's inboxes again from the list.",
				});
			break;
		}
		let previousBotId: number | null;
		if (Number(current?.id) === botId) previousBotId = earlier?.previousBotId ?? null;
		// A test listen of this very node holds the inbox: its own registration restores the original.
		else if (slot === 'production' && isOtherSlotUrl(ctx, String(current?.outgoing_url ?? ''), url)) previousBotId = null;
		else previousBotId = current ? Number(current.id) : null;
		if (Number(current?.id) !== botId) {
			const set = await setInboxBot(ctx, accountId, inboxId, botId);
			if (!set.ok) {
				failure = set.error;
				break;
			}
		}
		connected.push({ inboxId, previousBotId });
	}
	if (failure) {
		// Undo what this call connected, so no inbox is left with a bot nobody records.
		for (const entry of connected) {
			if (previous?.botInboxes?.some((e) => e.inboxId === entry.inboxId)) continue;
			await restoreInbox(ctx, accountId, botId, entry).catch(() => undefined);
		}
		throw failure;
	}
	// Inboxes no longer chosen get their earlier bot back.
	for (const entry of previous?.botInboxes ?? []) {
		if (!wanted.includes(entry.inboxId)) await restoreInbox(ctx, accountId, botId, entry);
	}

	const secret = text(bot.secret);
	if (!secret) warnNoSecret(ctx, `agent bot #${botId}`);
	writeRegistration(ctx, slot, { source: 'agentBot', accountId, url, botId, secret, botInboxes: connected });
	warnAboutAddress(ctx, url);
	return true;
}
