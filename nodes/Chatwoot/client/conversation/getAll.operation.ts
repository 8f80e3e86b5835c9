import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { limitOf, returnAllOrLimit } from '../../helpers/fields';
import { clientRequest, clientSession, contactIdentifierParameter, contactPath } from '../../transport/clientApi';
import { extractRecords } from '../../transport/list';
import { contactIdentifierField } from '../fields';

const properties: INodeProperties[] = [contactIdentifierField, ...returnAllOrLimit('conversations')];

export const description = withDisplayOptions({ show: { resource: ['conversation'], operation: ['getAll'] } }, properties);

/** Chatwoot returns the contact's conversations in this inbox as one unpaged array. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const session = await clientSession.call(this, itemIndex);
	const sourceId = contactIdentifierParameter.call(this, itemIndex);
	const limit = limitOf.call(this, itemIndex);
	const target = { path: contactPath(session, sourceId, '/conversations'), sourceId };
	const records = extractRecords(await clientRequest.call(this, session, target, { method: 'GET' }, itemIndex));
	return limit === undefined ? records : records.slice(0, limit);
}
