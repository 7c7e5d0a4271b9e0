// Every workflow the worker registers.
export { experiment } from './experiment';
export { reaper } from './reaper';
export { sweep } from './sweep';
