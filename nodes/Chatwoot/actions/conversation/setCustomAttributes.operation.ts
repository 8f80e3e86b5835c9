import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountPath } from '../../helpers/account';
import { attributesCollection, conversationLocator, idParameter, jsonObjectParameter, keyValuePairs } from '../../helpers/fields';
import { chatwootRequest } from '../../transport/request';

const properties: INodeProperties[] = [
	conversationLocator(),
	attributesCollection('customAttributes', 'Custom Attributes', 'Conversation custom attributes to set'),
	{ displayName: 'Custom Attributes (JSON)', name: 'customAttributesJson', type: 'json', default: '{}' },
	{
		displayName: 'Keep Other Attributes',
		name: 'merge',
		type: 'boolean',
		default: true,
		description:
			'Whether to keep attributes not listed here. Chatwoot replaces the whole set, so when on, the node reads the current attributes first and merges.',
	},
];

export const description = withDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['setCustomAttributes'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const path = await accountPath.call(this, itemIndex, `/conversations/${id}`);
	const attributes = {
		...keyValuePairs(this.getNodeParameter('customAttributes', itemIndex, {})),
		...jsonObjectParameter.call(this, this.getNodeParameter('customAttributesJson', itemIndex, '{}'), 'Custom Attributes (JSON)', itemIndex),
	};
	const merge = this.getNodeParameter('merge', itemIndex, true) as boolean;
	if (Object.keys(attributes).length === 0 && merge) {
		throw new NodeOperationError(this.getNode(), 'Add at least one custom attribute', { itemIndex });
	}
	let next = attributes;
	if (merge) {
		const current = (await chatwootRequest.call(this, { method: 'GET', path, itemIndex })) as IDataObject;
		next = { ...((current.custom_attributes as IDataObject) ?? {}), ...attributes };
	}
	const response = (await chatwootRequest.call(this, {
		method: 'POST',
		path: `${path}/custom_attributes`,
		body: { custom_attributes: next },
		itemIndex,
	})) as IDataObject;
	return { id, custom_attributes: (response?.custom_attributes as IDataObject) ?? next };
}
