export { checkImposition } from './terms';
export { impositionNotices } from './notices';
