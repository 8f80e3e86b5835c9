import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import {
	clientRequest,
	clientSession,
	contactIdentifierParameter,
	contactPath,
	identifierHash,
} from '../../transport/clientApi';
import { contactIdentifierField, identifierField } from '../fields';

const properties: INodeProperties[] = [
	contactIdentifierField,
	identifierField(
		"Only used when the credential has an HMAC token: the contact's identifier is sent with its identifier_hash, so Chatwoot marks the contact as verified. Required when the inbox enforces identity validation.",
	),
];

export const description = withDisplayOptions({ show: { resource: ['contact'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const session = await clientSession.call(this, itemIndex);
	const sourceId = contactIdentifierParameter.call(this, itemIndex);
	const identifier = String(this.getNodeParameter('identifier', itemIndex, '') ?? '').trim();
	const hash = identifierHash(session.hmacToken, identifier);
	const target = { path: contactPath(session, sourceId), sourceId, contactEndpoint: true, hashSent: !!hash };
	const qs = hash ? { identifier, identifier_hash: hash } : undefined;
	// Chatwoot answers a rejected identifier hash with 500: retrying cannot help.
	return (await clientRequest.call(this, session, target, { method: 'GET', qs, retryServerErrors: !hash }, itemIndex)) as IDataObject;
}
