import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { keyValuePairs } from '../../helpers/fields';
import {
	clientRequest,
	clientSession,
	contactIdentifierParameter,
	contactPath,
	identifierHash,
} from '../../transport/clientApi';
import { contactIdentifierField, contactProfileOptions, identifierField } from '../fields';

const properties: INodeProperties[] = [
	contactIdentifierField,
	identifierField(
		"Only used when the credential has an HMAC token: the contact's identifier is sent with its identifier_hash, which Chatwoot checks before updating (and then marks the contact as verified). Chatwoot never changes the identifier on update. Required when the inbox enforces identity validation.",
	),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: contactProfileOptions("Merged into the contact's custom attributes (keys not listed are kept)"),
	},
];

export const description = withDisplayOptions({ show: { resource: ['contact'], operation: ['update'] } }, properties);

const FIELD_NAMES: Record<string, string> = {
	avatarUrl: 'avatar_url',
	email: 'email',
	name: 'name',
	phoneNumber: 'phone_number',
};

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const session = await clientSession.call(this, itemIndex);
	const sourceId = contactIdentifierParameter.call(this, itemIndex);
	const identifier = String(this.getNodeParameter('identifier', itemIndex, '') ?? '').trim();
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const hash = identifierHash(session.hmacToken, identifier);

	const body: IDataObject = {};
	for (const [parameter, key] of Object.entries(FIELD_NAMES)) {
		if (fields[parameter] !== undefined) body[key] = fields[parameter];
	}
	if (fields.customAttributes !== undefined) body.custom_attributes = keyValuePairs(fields.customAttributes);
	// Chatwoot validates identifier_hash against the `identifier` sent with it (and ignores it otherwise).
	if (hash) Object.assign(body, { identifier, identifier_hash: hash });
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Add at least one field to update', {
			itemIndex,
			description: 'Choose a field under "Update Fields".',
		});
	}
	const target = { path: contactPath(session, sourceId), sourceId, contactEndpoint: true, hashSent: !!hash };
	return (await clientRequest.call(this, session, target, { method: 'PATCH', body }, itemIndex)) as IDataObject;
}
