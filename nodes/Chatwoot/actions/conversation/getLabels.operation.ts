import { labelOperation } from '../labels';

export const { description, execute } = labelOperation('conversation', 'getLabels', 'get');
