/** A page with one line of text: the web UI's errors and "not found". */
import { render } from './templates';

export function messagePage(title: string, text: string, opts: { bad?: boolean } = {}): string {
  return render('message', { title, text, bad: opts.bad });
}
