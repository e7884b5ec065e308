"""English source text of the portal pages (reviewed)."""

# Prose: lines stay whole so translators can compare them.
# ruff: noqa: E501
from __future__ import annotations

PAGES: dict[str, tuple[str, str, str]] = {
    "warning-signs": (
        "Warning signs: offers that can trap you",
        "Some offers of work, travel or help are traps. Learn the signs.",
        """Traffickers often start with a friendly offer. They can be strangers, smugglers, or people you know and trust.

## Be careful if someone
- offers you a job abroad with very high pay for easy work
- will not give you a written contract in a language you understand
- asks you to pay large fees for the journey, papers or a job
- wants to keep your passport or identity card
- tells you not to speak to the police, doctors or aid workers
- says you must work to pay back a debt for your journey

## Before you accept an offer
- Ask for the name and address of the employer, and check them.
- Tell someone you trust where you are going and how to reach you.
- Keep a copy of your documents and of important phone numbers.

If something feels wrong, you can say no. You can ask a helpline for advice first.""",
    ),
    "debts-and-documents": (
        "Debts and your documents",
        "No one may take your documents or force you to work to pay a debt.",
        """Your passport and identity documents belong to you. An employer, a smuggler or a landlord has no right to keep them.

Some people are told they owe money for their journey, food or a bed, and that they must work until the debt is paid. The debt keeps growing and they cannot leave. This is called debt bondage. It is a crime, and it is not your fault.

## Signs that someone is controlling you
- You cannot leave your work or the place where you sleep.
- Your pay is kept from you, or is much less than you were promised.
- You or your family are threatened.
- You are forced to do things you did not agree to, such as sex work or crime.

If this is happening to you or to someone you know, you can get help, even without documents. Call the anti-trafficking hotline or the emergency number.""",
    ),
    "your-rights": (
        "Your rights",
        "You have rights, whatever your nationality or papers.",
        """Everyone has human rights, whatever their nationality, legal status or papers.

- You have the right to be safe from violence, threats and forced work.
- You have the right to emergency health care.
- You can ask for asylum if you fear harm in your own country.
- When police or officials question you, you can ask for an interpreter.
- Children under 18 have the right to special protection and to a guardian.
- If you are a victim of trafficking, you have the right to help, a safe place to stay, and time to recover and decide what to do. You should not be punished for crimes you were forced to commit.

Many of the services on this site can help you without documents. They keep what you tell them confidential.""",
    ),
    "get-help": (
        "How to get help",
        "Who to call, and what happens when you ask for help.",
        """If you are in danger now, call the emergency number of the country you are in.

## Anti-trafficking hotlines
A hotline can give you advice, help you find a safe place to stay and find an interpreter. You do not have to give your name to ask a question.

## What happens when you ask for help
- Someone listens to you, in your language or with an interpreter.
- You decide what you want to do. You can take time to think.
- You can get health care, a safe place to stay and legal advice.
- If you want to go home, there is help to return safely.

## Help for children
If you are under 18 and travelling alone, tell an aid worker or the police. Children have the right to protection and to a guardian.

Use "Find help" to see services near you and the languages spoken there.""",
    ),
}
