import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { attributesCollection, keyValuePairs } from '../../helpers/fields';
import { clientRequest, clientSession, contactIdentifierParameter, contactPath } from '../../transport/clientApi';
import { contactIdentifierField } from '../fields';

const properties: INodeProperties[] = [
	contactIdentifierField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [attributesCollection('customAttributes', 'Custom Attributes', 'Custom attributes of the conversation')],
	},
];

export const description = withDisplayOptions({ show: { resource: ['conversation'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const session = await clientSession.call(this, itemIndex);
	const sourceId = contactIdentifierParameter.call(this, itemIndex);
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	// Always sent: the contract declares a required body, and {} is Chatwoot's default.
	const body = { custom_attributes: keyValuePairs(fields.customAttributes) };
	const target = { path: contactPath(session, sourceId, '/conversations'), sourceId };
	return (await clientRequest.call(this, session, target, { method: 'POST', body }, itemIndex)) as IDataObject;
}
