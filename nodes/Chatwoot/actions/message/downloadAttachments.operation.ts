import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { downloadFile, tooLarge } from '../../../shared/n8n/download';
import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { ItemsResult } from '../../../shared/n8n/router';
import { accountRecords } from '../../helpers/account';
import { conversationLocator, idParameter, messageLocator } from '../../helpers/fields';
import { integer, text } from '../fieldSpecs';

import { messagesSuffix } from './fields';

/** Attachment#with_attached_file? (Chatwoot 4.15.1 app/models/attachment.rb): the types that carry a stored file. */
const FILE_TYPES = ['image', 'audio', 'video', 'file'];

const properties: INodeProperties[] = [
	conversationLocator(),
	messageLocator('The message whose attachments to download'),
	{
		displayName: 'File Types',
		name: 'fileTypes',
		type: 'multiOptions',
		options: FILE_TYPES.map((type) => ({ name: type.charAt(0).toUpperCase() + type.slice(1), value: type })),
		default: [],
		description: 'Which of Chatwoot\'s attachment types to download (audio for transcription, images for vision); none chosen means all. Locations, contacts and link previews carry no file.',
	},
	integer('maxFileSizeMb', 'Max File Size (MB)', 'An attachment larger than this is refused with an error, before or while it downloads, instead of filling memory', { default: 25, typeOptions: { minValue: 0.01, numberPrecision: 2 } }).property,
	text('binaryPropertyName', 'Put Output File in Field', 'The binary field of each output item', { default: 'data' }).property,
];

export const description = withDisplayOptions({ show: { resource: ['message'], operation: ['downloadAttachments'] } }, properties);

/**
 * The message is read from the messages index (`before=<id + 1>` answers it and up to 19
 * older ones; there is no route for one message). Each attachment's `data_url` is
 * url_for(file), which Rails answers with a redirect to the storage service (S3, GCS or
 * the disk service, often another host); the download carries no token.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemsResult> {
	const conversationId = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const messageId = idParameter.call(this, 'messageId', itemIndex, 'Message ID');
	const chosen = this.getNodeParameter('fileTypes', itemIndex, FILE_TYPES) as string[];
	const types = Array.isArray(chosen) && chosen.length > 0 ? chosen : FILE_TYPES;
	const maxBytes = Math.floor(Number(this.getNodeParameter('maxFileSizeMb', itemIndex, 25)) * 1048576);
	const property = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data') || 'data').trim();
	const messages = await accountRecords.call(this, itemIndex, { method: 'GET', path: messagesSuffix(conversationId), qs: { before: messageId + 1 } });
	const message = messages.find((m) => Number(m.id) === messageId);
	if (!message) {
		throw new NodeOperationError(this.getNode(), `Message ${messageId} is not in conversation ${conversationId}`, {
			itemIndex,
			description: 'Pick the message from the list of the conversation\'s messages, or check both IDs.',
		});
	}
	const attachments = ((message.attachments as IDataObject[] | undefined) ?? []).filter((a) => types.includes(String(a.file_type)) && typeof a.data_url === 'string' && a.data_url !== '');
	const base: IDataObject = { conversation_id: conversationId, message_id: messageId };
	if (attachments.length === 0) return new ItemsResult([{ json: { ...base, attachment_count: 0 } }]);
	// Refuse before downloading anything when Chatwoot already says a file is too large.
	for (const attachment of attachments) {
		const size = Number(attachment.file_size);
		if (Number.isFinite(size) && size > maxBytes) throw tooLarge(this, `Attachment ${String(attachment.id)}`, size, maxBytes, itemIndex);
	}
	const items: INodeExecutionData[] = [];
	for (const attachment of attachments) {
		const what = `attachment ${String(attachment.id)}`;
		const file = await downloadFile.call(this, { url: String(attachment.data_url), maxBytes, what: what.charAt(0).toUpperCase() + what.slice(1), itemIndex });
		const extension = attachment.extension ? `.${String(attachment.extension)}` : '';
		const fileName = file.fileName ?? `attachment-${String(attachment.id)}${extension}`;
		const mimeType = (attachment.content_type as string | undefined) || file.mimeType;
		const binary = await this.helpers.prepareBinaryData(file.data, fileName, mimeType);
		items.push({
			json: { ...base, attachment_id: attachment.id, file_type: attachment.file_type, file_name: binary.fileName ?? fileName, mime_type: binary.mimeType, file_size: file.data.length },
			binary: { [property]: binary },
		});
	}
	return new ItemsResult(items);
}
