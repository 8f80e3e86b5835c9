import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountPath } from '../../helpers/account';
import { conversationLocator, idParameter } from '../../helpers/fields';
import { extractRecords } from '../../transport/list';
import { chatwootRequest } from '../../transport/request';
import { bool, integer } from '../fieldSpecs';

import { HistoryBudget } from './history';

const properties: INodeProperties[] = [
	conversationLocator(),
	integer('maxMessages', 'Max Messages', 'The most recent messages to return; 0 for all', { default: 20 }).property,
	integer('maxCharacters', 'Max Characters', "Stop before the contents add up to more than this (a budget for the model's context); 0 for no limit").property,
	bool('includePrivate', 'Include Private Notes', 'Whether to include agents\' private notes, with the role "system". The customer never sees them; the model then does.').property,
];

export const description = withDisplayOptions({ show: { resource: ['conversation'], operation: ['getHistory'] } }, properties);

/** Messages index pages (MessageFinder: 20 before the cursor). */
const PAGE = 20;
const MAX_PAGES = 1000;

/**
 * Get History: one item `{conversation_id, messages, count, truncated}` with the messages
 * oldest → newest as `{role, content, …}` (customer → user, agent or bot → assistant,
 * private notes → system when asked for, activity messages left out), read newest
 * first with `before=<smallest id>` until the budget is spent.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const conversationId = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const budget = new HistoryBudget({
		maxMessages: Math.max(0, Math.floor(Number(this.getNodeParameter('maxMessages', itemIndex, 20)) || 0)),
		maxCharacters: Math.max(0, Math.floor(Number(this.getNodeParameter('maxCharacters', itemIndex, 0)) || 0)),
		includePrivate: this.getNodeParameter('includePrivate', itemIndex, false) === true,
	});
	const path = await accountPath.call(this, itemIndex, `/conversations/${conversationId}/messages`);
	let before: number | undefined;
	let more = false;
	for (let page = 0; page < MAX_PAGES; page++) {
		const body = await chatwootRequest.call(this, { method: 'GET', path, qs: before === undefined ? {} : { before }, itemIndex });
		const records = extractRecords(body).sort((a, b) => Number(b.id) - Number(a.id));
		// The rest of the page is offered too, so that a left-out message is noticed.
		for (const record of records) budget.offer(record);
		if (budget.full) {
			// Older pages may hold messages the model would have seen.
			more = records.length >= PAGE;
			break;
		}
		if (records.length < PAGE) break;
		const smallest = Number(records[records.length - 1].id);
		if (!Number.isFinite(smallest) || (before !== undefined && smallest >= before)) break;
		before = smallest;
	}
	const messages = budget.taken.reverse();
	return { conversation_id: conversationId, messages, count: messages.length, truncated: budget.leftOut || more || messages.some((m) => m.truncated === true) };
}
