// Checks a Slack incoming-webhook body against Block Kit's documented structure and limits, the
// way Slack's API would refuse it (invalid_blocks), so the local stand-in can say "valid".

const LIMITS = { blocks: 50, header: 150, section: 3000, fields: 10, field: 2000, context: 10 }

/** Returns the problems found; an empty list means Slack would accept the message. */
export function blockKitProblems(message) {
  const problems = []
  const fail = (where, what) => problems.push(`${where}: ${what}`)
  if (typeof message?.text !== 'string' || !message.text) fail('text', 'missing fallback text')
  if (!Array.isArray(message?.blocks)) return [...problems, 'blocks: not an array']
  if (message.blocks.length > LIMITS.blocks) fail('blocks', `more than ${LIMITS.blocks}`)

  message.blocks.forEach((block, i) => {
    const at = `blocks[${i}]`
    if (block.type === 'header') {
      textObject(block.text, `${at}.text`, LIMITS.header, fail, 'plain_text')
    } else if (block.type === 'section') {
      if (!block.text && !block.fields) fail(at, 'section needs text or fields')
      if (block.text) textObject(block.text, `${at}.text`, LIMITS.section, fail)
      if (block.fields) {
        if (block.fields.length > LIMITS.fields) fail(`${at}.fields`, `more than ${LIMITS.fields}`)
        block.fields.forEach((f, j) => textObject(f, `${at}.fields[${j}]`, LIMITS.field, fail))
      }
      if (block.accessory) image(block.accessory, `${at}.accessory`, fail)
    } else if (block.type === 'context') {
      if (!block.elements?.length || block.elements.length > LIMITS.context) {
        fail(`${at}.elements`, `needs 1-${LIMITS.context} elements`)
      }
      block.elements?.forEach((e, j) => {
        if (e.type === 'image') image(e, `${at}.elements[${j}]`, fail)
        else textObject(e, `${at}.elements[${j}]`, LIMITS.section, fail)
      })
    } else if (block.type !== 'divider') {
      fail(at, `unexpected block type ${block.type}`)
    }
  })
  return problems
}

function textObject(text, at, limit, fail, only) {
  if (!text || !['plain_text', 'mrkdwn'].includes(text.type)) return fail(at, 'not a text object')
  if (only && text.type !== only) fail(at, `must be ${only}`)
  if (typeof text.text !== 'string' || text.text.length === 0) fail(at, 'empty text')
  else if (text.text.length > limit) fail(at, `longer than ${limit}`)
}

function image(element, at, fail) {
  if (element.type !== 'image') return fail(at, 'accessory is not an image')
  if (!/^https:\/\//.test(element.image_url ?? '')) fail(`${at}.image_url`, 'must be https')
  if (!element.alt_text) fail(`${at}.alt_text`, 'missing')
}
