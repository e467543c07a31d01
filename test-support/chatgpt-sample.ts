/**
 * A small `conversations.json` shaped like ChatGPT's data export: a conversation with a system
 * message, a hidden one, an empty one and a regenerated answer (two branches; `current_node`
 * picks the second), and a second conversation without a title. Used by unit and e2e tests.
 */
export function chatGptSample(): unknown[] {
  const node = (
    id: string,
    parent: string | null,
    children: string[],
    role: string | null,
    text: string | null,
    time: number | null,
    extra = {},
  ) => ({
    id,
    parent,
    children,
    message:
      role === null
        ? null
        : {
            id,
            author: { role },
            content: { content_type: 'text', parts: text === null ? [] : [text] },
            create_time: time,
            ...extra,
          },
  });
  return [
    {
      title: 'Trip to Lisbon',
      create_time: 1_700_000_000.5,
      update_time: 1_700_000_500,
      current_node: 'a2b',
      mapping: {
        root: node('root', null, ['sys'], null, null, null),
        sys: node('sys', 'root', ['hid'], 'system', 'You are ChatGPT.', 1_700_000_000.6),
        hid: node('hid', 'sys', ['u1'], 'user', 'hidden context', 1_700_000_000.7, {
          metadata: { is_visually_hidden_from_conversation: true },
        }),
        u1: node('u1', 'hid', ['a1', 'a2'], 'user', 'What should I see in Lisbon?', 1_700_000_100),
        a1: node('a1', 'u1', [], 'assistant', 'FIRST DRAFT that was regenerated', 1_700_000_110),
        a2: node('a2', 'u1', ['empty'], 'assistant', 'Belém Tower and the **Alfama**.', 1_700_000_120),
        empty: node('empty', 'a2', ['u2'], 'assistant', '', 1_700_000_121),
        u2: node('u2', 'empty', ['a2b'], 'user', 'And to eat?', 1_700_000_200),
        a2b: node('a2b', 'u2', [], 'assistant', 'Pastéis de nata.', 1_700_000_210),
      },
    },
    {
      title: null,
      create_time: 1_690_000_000,
      update_time: 1_690_000_000,
      current_node: 'q',
      mapping: {
        q: {
          id: 'q',
          parent: null,
          children: [],
          message: {
            author: { role: 'user' },
            content: { content_type: 'multimodal_text', parts: ['Look at this', { asset: 'image' }] },
            create_time: null,
          },
        },
      },
    },
  ];
}
