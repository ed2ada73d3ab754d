using System.Text.Json.Nodes;
using HybridBatch.Deploy.Tests.Support;

namespace HybridBatch.Deploy.Tests;

/// <summary>Least privilege and encryption in template.yaml; each rule also shown to catch a bad template.</summary>
public sealed class SecurityTests
{
    // The EC2 actions of AWSLambdaVPCAccessExecutionRole, policy version v3 (edited 2024-01-05, AWS managed policy
    // reference): what Lambda needs of a function's role to place the function's network interfaces in its subnets.
    private static readonly string[] s_lambdaVpcEc2Actions =
    [
        "ec2:CreateNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses",
    ];

    [Fact]
    public void The_template_has_policy_statements_to_check()
    {
        Assert.True(SecurityRules.Statements(TemplateFile.Json).Count() > 30);
    }

    [Fact]
    public void No_statement_allows_every_action_of_a_service() => Assert.Empty(SecurityRules.AllowedActions(TemplateFile.Json));

    [Fact]
    public void Every_wildcard_resource_is_documented() => Assert.Empty(SecurityRules.WildcardResources(TemplateFile.Json));

    [Fact]
    public void Buckets_are_encrypted_private_and_tls_only() => Assert.Empty(SecurityRules.Buckets(TemplateFile.Json));

    [Fact]
    public void Launch_templates_encrypt_volumes_and_require_imdsv2() => Assert.Empty(SecurityRules.LaunchTemplates(TemplateFile.Json));

    [Fact]
    public void No_security_group_allows_inbound_traffic() => Assert.Empty(SecurityRules.Ingress(TemplateFile.Json));

    [Fact]
    public void Queues_are_encrypted() => Assert.Empty(SecurityRules.Queues(TemplateFile.Json));

    [Fact]
    public void Every_bucket_queue_and_launch_template_is_covered()
    {
        // The rules look for these resources by type: make sure they are there to look at.
        Assert.Single(TemplateFile.OfType("AWS::S3::Bucket"));
        Assert.Single(TemplateFile.OfType("AWS::EC2::LaunchTemplate"));
        Assert.Single(TemplateFile.OfType("AWS::EC2::SecurityGroup"));
        Assert.Equal(2, TemplateFile.OfType("AWS::SQS::Queue").Count());
    }

    [Fact]
    public void Every_log_group_keeps_its_events_for_the_log_retention_days_parameter()
    {
        // The Batch jobs' groups once said 30 whatever the stack asked for.
        Assert.True(TemplateFile.OfType("AWS::Logs::LogGroup").Count() >= 9);
        Assert.All(TemplateFile.OfType("AWS::Logs::LogGroup"), g => Assert.True(
            Intrinsics.Text((g.Resource["Properties"]?["RetentionInDays"] as JsonObject)?["Ref"]) == "LogRetentionDays",
            $"{g.Name}: RetentionInDays is {g.Resource["Properties"]?["RetentionInDays"]?.ToJsonString() ?? "missing"}, not !Ref LogRetentionDays"));
    }

    [Fact]
    public void Every_function_in_a_vpc_may_do_what_the_lambda_vpc_access_managed_policy_allows_on_ec2()
    {
        var inVpc = TemplateFile.OfType("AWS::Serverless::Function").Where(f => f.Resource["Properties"]?["VpcConfig"] is not null).ToList();
        Assert.NotEmpty(inVpc);
        foreach ((string name, JsonObject function) in inVpc)
        {
            string role = Intrinsics.Text(function["Properties"]!["Role"]!["Fn::GetAtt"]![0])!;
            HashSet<string> allowed = [.. SecurityRules.Statements(TemplateFile.Json)
                .Where(s => s.Owner == role && Intrinsics.Text(s.Statement["Effect"]) == "Allow")
                .SelectMany(s => Intrinsics.Items(s.Statement["Action"]).Select(Intrinsics.Text).OfType<string>())];
            string[] missing = [.. s_lambdaVpcEc2Actions.Where(a => !allowed.Contains(a))];
            Assert.True(missing.Length == 0, $"{name}'s role {role} lacks {string.Join(", ", missing)}");
        }
    }

    [Theory]
    [InlineData("Action: s3:*\n                Resource: arn:aws:s3:::b/*", "allows s3:*")]
    [InlineData("Action: \"*\"\n                Resource: arn:aws:s3:::b/*", "allows *")]
    [InlineData("NotAction: s3:DeleteObject\n                Resource: arn:aws:s3:::b/*", "NotAction")]
    public void A_statement_allowing_too_much_is_reported(string statement, string expected)
    {
        Assert.Contains(SecurityRules.AllowedActions(RoleWith(statement, metadata: string.Empty)), p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_wildcard_resource_is_reported_unless_the_resource_says_why()
    {
        const string statement = "Action: [xray:PutTraceSegments, s3:GetObject]\n                Resource: \"*\"";
        const string metadata = "Metadata:\n      WildcardResources:\n        xray:PutTraceSegments: X-Ray has no resource-level permissions\n    ";

        IReadOnlyList<string> undocumented = SecurityRules.WildcardResources(RoleWith(statement, metadata: string.Empty));
        IReadOnlyList<string> documented = SecurityRules.WildcardResources(RoleWith(statement, metadata));

        Assert.Equal(2, undocumented.Count);
        Assert.Contains(documented, p => p.Contains("s3:GetObject", StringComparison.Ordinal));
        Assert.DoesNotContain(documented, p => p.Contains("xray:PutTraceSegments", StringComparison.Ordinal));
    }

    [Fact]
    public void A_conditional_statement_is_checked_in_both_branches()
    {
        const string yaml = """
            Resources:
              Role:
                Type: AWS::IAM::Role
                Properties:
                  Policies:
                    - PolicyName: p
                      PolicyDocument:
                        Statement:
                          - !If [UseKafka, {Effect: Allow, Action: "kafka-cluster:*", Resource: arn:x}, !Ref AWS::NoValue]
            """;

        Assert.Contains(SecurityRules.AllowedActions(CloudFormationYaml.Load(yaml)), p => p.Contains("kafka-cluster:*", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unencrypted_public_bucket_without_a_tls_policy_is_reported()
    {
        JsonObject template = CloudFormationYaml.Load("""
            Resources:
              Bucket:
                Type: AWS::S3::Bucket
                Properties:
                  PublicAccessBlockConfiguration:
                    BlockPublicAcls: true
            """);

        IReadOnlyList<string> problems = SecurityRules.Buckets(template);

        Assert.Contains("Bucket: no default encryption", problems);
        Assert.Contains("Bucket: PublicAccessBlockConfiguration.RestrictPublicBuckets is not true", problems);
        Assert.Contains(problems, p => p.Contains("TLS", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unencrypted_volume_imdsv1_and_ingress_are_reported()
    {
        JsonObject template = CloudFormationYaml.Load("""
            Resources:
              Launch:
                Type: AWS::EC2::LaunchTemplate
                Properties:
                  LaunchTemplateData:
                    BlockDeviceMappings:
                      - DeviceName: /dev/xvda
                        Ebs: {VolumeSize: 100, Encrypted: false}
                    MetadataOptions: {HttpTokens: optional}
              Group:
                Type: AWS::EC2::SecurityGroup
                Properties:
                  SecurityGroupIngress:
                    - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}
              Open:
                Type: AWS::EC2::SecurityGroupIngress
                Properties: {GroupId: !Ref Group, IpProtocol: "-1", CidrIp: 0.0.0.0/0}
            """);

        Assert.Equal(2, SecurityRules.LaunchTemplates(template).Count);
        Assert.Equal(2, SecurityRules.Ingress(template).Count);
    }

    private static JsonObject RoleWith(string statement, string metadata) => CloudFormationYaml.Load($"""
        Resources:
          Role:
            Type: AWS::IAM::Role
            {metadata}Properties:
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        {statement}
        """);
}
