import { getProfile } from '../../helpers/account';
import { choice, integer, json, longText, picker, text } from '../fieldSpecs';
import type { ResourceSpec } from '../resource';
import { crudOperations } from '../resource';

import { portalId } from './portal';

/**
 * Api::V1::Accounts::ArticlesController#create (Chatwoot 4.15.1): `article` params
 * title, slug, position, content, description, category_id, author_id,
 * associated_article_id, status, locale, meta. Article requires an author (the token's
 * user when left out here), content once published; the status defaults to draft and
 * the slug and locale are derived when missing.
 */
const articleSpec: ResourceSpec = {
	resource: 'helpCenter', noun: 'article', path: '/portals/{portalSlug}/articles', parents: [portalId],
	fields: [
		text('title', 'Title', undefined, { required: true, placeholder: 'How to reset your password' }),
		longText('content', 'Content', 'The article in Markdown; required for published articles'),
		choice('status', 'Status', [['Archived', 2], ['Draft', 0], ['Published', 1]], 0, 'Draft unless set', { toBody: (value) => Number(value) }),
		picker('category_id', 'Category', 'getPortalCategories'),
		picker('author_id', 'Author', 'getAgents', "The token's user when left out."),
		longText('description', 'Description', 'Short summary'),
		text('slug', 'Slug', 'Derived from the title when left out'),
		text('locale', 'Locale', "The category's locale, else the portal's default locale, when left out"),
		integer('position', 'Position', 'Sort position in the category'),
		integer('associated_article_id', 'Associated Article ID', 'The same article in another locale', { toBody: (value) => (Number(value) > 0 ? Number(value) : undefined) }),
		json('meta', 'Meta', 'Search metadata, for example {"title": "…", "description": "…", "tags": ["password"]}'),
	],
	async complete(body) {
		body.author_id ??= (await getProfile.call(this)).id;
	},
	admin: ['create'],
	operations: { create: { value: 'createArticle', name: 'Create Article', action: 'Create an article' } },
};

export const [{ option, operation }] = crudOperations(articleSpec);
