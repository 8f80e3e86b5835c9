import { integer, longText, picker, text } from '../fieldSpecs';
import type { ResourceSpec } from '../resource';
import { crudOperations } from '../resource';

import { portalDefaultLocale, portalId } from './portal';

/**
 * Api::V1::Accounts::CategoriesController#create (Chatwoot 4.15.1): `category` params
 * name, description, position, slug, locale, icon, parent_category_id,
 * associated_category_id. Category validates name, slug and a locale the portal
 * allows, so an empty Locale becomes the portal's default locale.
 */
const category: ResourceSpec = {
	resource: 'helpCenter', noun: 'category', plural: 'categories', path: '/portals/{portalSlug}/categories', parents: [portalId],
	fields: [
		text('name', 'Name', undefined, { required: true, placeholder: 'Getting Started' }),
		text('slug', 'Slug', 'URL part of the category, unique per locale', { required: true, placeholder: 'getting-started' }),
		text('locale', 'Locale', "One of the portal's locales; the portal's default locale when left out"),
		longText('description', 'Description'),
		integer('position', 'Position', 'Sort position in the portal'),
		text('icon', 'Icon', 'An emoji'),
		picker('parent_category_id', 'Parent Category', 'getPortalCategories', 'Makes this a sub-category.'),
		picker('associated_category_id', 'Associated Category', 'getPortalCategories', 'The same category in another locale.'),
	],
	async complete(body, itemIndex) {
		body.locale ??= await portalDefaultLocale.call(this, itemIndex);
	},
	admin: ['create'],
	operations: { create: { value: 'createCategory', name: 'Create Category', action: 'Create a category' } },
};

export const [{ option, operation }] = crudOperations(category);
