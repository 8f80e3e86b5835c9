import type { IExecuteFunctions } from 'n8n-workflow';

import { withDisplayOptions } from '../../shared/n8n/parameters';
import type { Operation } from '../../shared/n8n/router';
import { accountPath } from '../helpers/account';
import { contactLocator, conversationLocator, idParameter, labelList, labelsField } from '../helpers/fields';
import { chatwootRecords } from '../transport/request';

export type LabelMode = 'add' | 'remove' | 'set' | 'get';

/**
 * Chatwoot's POST …/labels replaces the whole set, so add and remove read the
 * current labels first and write the merged set back. Returns the final labels.
 */
export async function changeLabels(
	this: IExecuteFunctions,
	path: string,
	mode: Exclude<LabelMode, 'get'>,
	itemIndex: number,
): Promise<{ labels: string[] }> {
	const requested = labelList(this.getNodeParameter('labels', itemIndex));
	let next = requested;
	if (mode !== 'set') {
		const current = (await chatwootRecords.call(this, { method: 'GET', path, itemIndex })).map(String);
		next =
			mode === 'add'
				? [...new Set([...current, ...requested])]
				: current.filter((label) => !requested.includes(label));
	}
	const labels = await chatwootRecords.call(this, { method: 'POST', path, body: { labels: next }, itemIndex });
	return { labels: labels.map(String) };
}

const MODE_TEXT: Record<Exclude<LabelMode, 'get'>, string> = {
	add: 'Labels to add; labels already on the record stay.',
	remove: 'Labels to remove; other labels stay.',
	set: 'The complete new set of labels; labels not listed are removed.',
};

/**
 * The get/add/remove/replace label operation of a resource (contact or conversation):
 * the same parameters and behaviour, generated once.
 */
export function labelOperation(
	resource: 'contact' | 'conversation',
	operation: string,
	mode: LabelMode,
): Operation {
	const idName = resource === 'contact' ? 'contactId' : 'conversationId';
	const idLabel = resource === 'contact' ? 'Contact ID' : 'Conversation ID';
	return {
		description: withDisplayOptions({ show: { resource: [resource], operation: [operation] } }, [
			resource === 'contact' ? contactLocator() : conversationLocator(),
			...(mode === 'get' ? [] : [labelsField(MODE_TEXT[mode])]),
		]),
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const id = idParameter.call(this, idName, itemIndex, idLabel);
			const path = await accountPath.call(this, itemIndex, `/${resource}s/${id}/labels`);
			if (mode === 'get') return { id, labels: (await chatwootRecords.call(this, { method: 'GET', path, itemIndex })).map(String) };
			return { id, ...(await changeLabels.call(this, path, mode, itemIndex)) };
		},
	};
}

/** The four label operations of a resource, generated (they have no logic of their own). */
export function labelOperations(resource: 'contact' | 'conversation'): Record<'getLabels' | 'addLabels' | 'removeLabels' | 'setLabels', Operation> {
	return {
		getLabels: labelOperation(resource, 'getLabels', 'get'),
		addLabels: labelOperation(resource, 'addLabels', 'add'),
		removeLabels: labelOperation(resource, 'removeLabels', 'remove'),
		setLabels: labelOperation(resource, 'setLabels', 'set'),
	};
}
