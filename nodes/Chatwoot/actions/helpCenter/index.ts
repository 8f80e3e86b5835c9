import { crudOperations, defineResource } from '../resource';

import * as createArticle from './createArticle.operation';
import * as createCategory from './createCategory.operation';
import { portal } from './portal';

/** Chatwoot's Help Center: portals, their categories and articles. */
export const { description, operations } = defineResource('helpCenter', [...crudOperations(portal), createCategory, createArticle], 'getPortals');
