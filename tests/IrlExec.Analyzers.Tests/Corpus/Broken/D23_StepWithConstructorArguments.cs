namespace Corpus.Onboarding;

public interface IMailer { Task SendAsync(string to); }

[Workflow("mailing")]
public partial class Mailing
{
    [Step(1)]
    public partial class {|IRL0022:Send|} : IStep
    {
        private readonly IMailer _mailer;

        public Send(IMailer mailer) => _mailer = mailer;

        public async ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => await _mailer.SendAsync("ops@example.com");
    }
}
